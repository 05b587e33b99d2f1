CREATE TABLE `contact_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`from_user_id` text NOT NULL,
	`to_user_id` text NOT NULL,
	`message` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`from_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`to_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `contact_requests_from_idx` ON `contact_requests` (`from_user_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `profiles` ADD `bio` text;--> statement-breakpoint
ALTER TABLE `profiles` ADD `photo` text;--> statement-breakpoint
ALTER TABLE `profiles` ADD `contacts` text;--> statement-breakpoint
ALTER TABLE `profiles` ADD `updated_at` integer;