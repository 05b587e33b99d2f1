CREATE TABLE `job_alerts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` text NOT NULL,
	`criteria` text NOT NULL,
	`origin` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_sent_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `job_alerts_user_idx` ON `job_alerts` (`user_id`);--> statement-breakpoint
CREATE INDEX `job_alerts_due_idx` ON `job_alerts` (`last_sent_at`);--> statement-breakpoint
CREATE TABLE `job_applications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`offer_id` integer NOT NULL,
	`user_id` text NOT NULL,
	`message` text NOT NULL,
	`cv_stored_name` text NOT NULL,
	`cv_original_name` text NOT NULL,
	`cv_size` integer NOT NULL,
	`created_at` integer NOT NULL,
	`emailed_at` integer,
	FOREIGN KEY (`offer_id`) REFERENCES `job_offers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `job_applications_once` ON `job_applications` (`offer_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `job_applications_user_idx` ON `job_applications` (`user_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `job_offers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`author_id` text NOT NULL,
	`title` text NOT NULL,
	`company` text NOT NULL,
	`contract_type` text NOT NULL,
	`sector` text NOT NULL,
	`city` text NOT NULL,
	`country` text NOT NULL,
	`latitude` real NOT NULL,
	`longitude` real NOT NULL,
	`remote` text NOT NULL,
	`description` text NOT NULL,
	`profile_sought` text NOT NULL,
	`experience` text NOT NULL,
	`start_date` text NOT NULL,
	`deadline` text NOT NULL,
	`application_email` text NOT NULL,
	`salary_min` integer,
	`salary_max` integer,
	`salary_period` text,
	`status` text NOT NULL,
	`rejection_reason` text,
	`search_text` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`published_at` integer,
	`expires_at` integer,
	`reviewed_at` integer,
	`reviewed_by` text,
	`closed_at` integer,
	`repost_of` integer,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`reviewed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `job_offers_status_idx` ON `job_offers` (`status`,`published_at`);--> statement-breakpoint
CREATE INDEX `job_offers_author_idx` ON `job_offers` (`author_id`,`created_at`);