-- election_ballots is WITHOUT ROWID by hand (db/schema/elections.ts says why).
CREATE TABLE `election_ballots` (
	`election_id` text NOT NULL,
	`credential` text NOT NULL,
	`ballot` text NOT NULL,
	`tracker` text NOT NULL,
	PRIMARY KEY(`election_id`, `credential`),
	FOREIGN KEY (`election_id`) REFERENCES `elections`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
CREATE UNIQUE INDEX `election_ballots_tracker` ON `election_ballots` (`election_id`,`tracker`);--> statement-breakpoint
CREATE TABLE `election_candidacies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`election_id` text NOT NULL,
	`user_id` text,
	`name` text NOT NULL,
	`promotion` integer,
	`statement` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`refusal_reason` text,
	`decided_by` text,
	`decided_at` integer,
	`position` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`election_id`) REFERENCES `elections`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `election_candidacies_once` ON `election_candidacies` (`election_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `election_candidacies_status_idx` ON `election_candidacies` (`election_id`,`status`);--> statement-breakpoint
CREATE TABLE `election_contests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`election_id` text NOT NULL,
	`user_id` text,
	`message` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`answer` text,
	`answered_by` text,
	`answered_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`election_id`) REFERENCES `elections`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`answered_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `election_contests_open_once` ON `election_contests` (`election_id`,`user_id`) WHERE status = 'open';--> statement-breakpoint
CREATE TABLE `election_roll` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`election_id` text NOT NULL,
	`user_id` text,
	`name` text NOT NULL,
	`promotion` integer,
	`source` text DEFAULT 'roll' NOT NULL,
	`voted` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`election_id`) REFERENCES `elections`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `election_roll_once` ON `election_roll` (`election_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `election_roll_name_idx` ON `election_roll` (`election_id`,`name`);--> statement-breakpoint
CREATE TABLE `election_trustees` (
	`election_id` text NOT NULL,
	`position` integer NOT NULL,
	`user_id` text,
	`name` text NOT NULL,
	`commitment` text,
	`shares` text,
	`verification_key` text,
	`partial_decryption` text,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`election_id`, `position`),
	FOREIGN KEY (`election_id`) REFERENCES `elections`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `election_trustees_user_once` ON `election_trustees` (`election_id`,`user_id`);--> statement-breakpoint
CREATE TABLE `election_vote_codes` (
	`election_id` text NOT NULL,
	`user_id` text NOT NULL,
	`code_hash` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`expires_at` integer NOT NULL,
	PRIMARY KEY(`election_id`, `user_id`),
	FOREIGN KEY (`election_id`) REFERENCES `elections`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `elections` (
	`id` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`seats` integer NOT NULL,
	`candidacy_opens_at` integer NOT NULL,
	`candidacy_closes_at` integer NOT NULL,
	`roll_at` integer NOT NULL,
	`voting_opens_at` integer NOT NULL,
	`voting_closes_at` integer NOT NULL,
	`eligibility` text DEFAULT 'members' NOT NULL,
	`threshold` integer DEFAULT 2 NOT NULL,
	`tie_rule` text DEFAULT 'drawn-order' NOT NULL,
	`require_mail_code` integer DEFAULT false NOT NULL,
	`state` text DEFAULT 'draft' NOT NULL,
	`roll_frozen_at` integer,
	`candidates_published_at` integer,
	`parameters` text,
	`fingerprint` text,
	`sealed_at` integer,
	`encrypted_tally` text,
	`result` text,
	`published_at` integer,
	`cancelled_reason` text,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `elections_voting_idx` ON `elections` (`voting_opens_at`);