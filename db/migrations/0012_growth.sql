CREATE TABLE `account_changes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` text NOT NULL,
	`actor_id` text,
	`field` text NOT NULL,
	`before` text,
	`after` text,
	`at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `account_changes_user_idx` ON `account_changes` (`user_id`,`at`);--> statement-breakpoint
CREATE TABLE `activation_sends` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`segment` text NOT NULL,
	`total` integer NOT NULL,
	`queued` integer DEFAULT 0 NOT NULL,
	`status` text DEFAULT 'sending' NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `address_opt_outs` (
	`email` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `campaigns` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`subject` text NOT NULL,
	`body` text NOT NULL,
	`segment` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`total` integer DEFAULT 0 NOT NULL,
	`queued` integer DEFAULT 0 NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`sent_at` integer,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `campaigns_status_idx` ON `campaigns` (`status`,`created_at`);--> statement-breakpoint
CREATE TABLE `graduate_diplomas` (
	`graduate_id` integer NOT NULL,
	`diploma` text NOT NULL,
	PRIMARY KEY(`graduate_id`, `diploma`),
	FOREIGN KEY (`graduate_id`) REFERENCES `graduates`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `graduates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`last_name` text NOT NULL,
	`first_name` text NOT NULL,
	`birth_name` text,
	`promotion` integer NOT NULL,
	`email` text,
	`school_id` text,
	`match_key` text NOT NULL,
	`birth_match_key` text,
	`user_id` text,
	`claimed_at` integer,
	`import_id` integer,
	`activation_invited_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`import_id`) REFERENCES `roster_imports`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `graduates_school_id_unique` ON `graduates` (`school_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `graduates_user_unique` ON `graduates` (`user_id`);--> statement-breakpoint
CREATE INDEX `graduates_match_idx` ON `graduates` (`match_key`);--> statement-breakpoint
CREATE INDEX `graduates_birth_match_idx` ON `graduates` (`birth_match_key`);--> statement-breakpoint
CREATE INDEX `graduates_promotion_idx` ON `graduates` (`promotion`);--> statement-breakpoint
CREATE INDEX `graduates_email_idx` ON `graduates` (`email`);--> statement-breakpoint
CREATE TABLE `profile_diplomas` (
	`user_id` text NOT NULL,
	`diploma` text NOT NULL,
	`source` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `diploma`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `referral_invitations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`referrer_id` text,
	`graduate_id` integer,
	`email` text NOT NULL,
	`token` text NOT NULL,
	`promotion` integer,
	`sent_at` integer NOT NULL,
	`joined_user_id` text,
	`joined_at` integer,
	`paid_at` integer,
	FOREIGN KEY (`referrer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`graduate_id`) REFERENCES `graduates`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`joined_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `referral_invitations_token_unique` ON `referral_invitations` (`token`);--> statement-breakpoint
CREATE INDEX `referral_invitations_referrer_idx` ON `referral_invitations` (`referrer_id`,`sent_at`);--> statement-breakpoint
CREATE INDEX `referral_invitations_email_idx` ON `referral_invitations` (`email`,`sent_at`);--> statement-breakpoint
CREATE TABLE `roster_claims` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` text NOT NULL,
	`candidate_ids` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`graduate_id` integer,
	`created_at` integer NOT NULL,
	`decided_by` text,
	`decided_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`graduate_id`) REFERENCES `graduates`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `roster_claims_status_idx` ON `roster_claims` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `roster_claims_user_idx` ON `roster_claims` (`user_id`);--> statement-breakpoint
CREATE TABLE `roster_imports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`filename` text NOT NULL,
	`sha256` text NOT NULL,
	`rows` integer NOT NULL,
	`counts` text NOT NULL,
	`imported_by` text,
	`imported_at` integer NOT NULL,
	FOREIGN KEY (`imported_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
ALTER TABLE `users` ADD `birth_name` text;