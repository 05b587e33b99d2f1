CREATE TABLE `thread_reads` (
	`user_id` text NOT NULL,
	`thread_id` integer NOT NULL,
	`last_read_message_id` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`user_id`, `thread_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`thread_id`) REFERENCES `threads`(`id`) ON UPDATE no action ON DELETE cascade
);
