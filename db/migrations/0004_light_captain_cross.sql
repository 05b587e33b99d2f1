CREATE TABLE `event_activity` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` integer NOT NULL,
	`user_id` text,
	`kind` text NOT NULL,
	`places` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `event_activity_event_idx` ON `event_activity` (`event_id`,`id`);--> statement-breakpoint
CREATE TABLE `event_invitation_sends` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` integer NOT NULL,
	`segment` text NOT NULL,
	`total` integer NOT NULL,
	`sent` integer DEFAULT 0 NOT NULL,
	`failed` integer DEFAULT 0 NOT NULL,
	`status` text NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `event_invitation_sends_status_idx` ON `event_invitation_sends` (`status`);--> statement-breakpoint
CREATE TABLE `event_invitations` (
	`id` text PRIMARY KEY NOT NULL,
	`event_id` integer NOT NULL,
	`user_id` text NOT NULL,
	`send_id` integer,
	`status` text NOT NULL,
	`sent_at` integer,
	`used_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`send_id`) REFERENCES `event_invitation_sends`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `event_invitations_once` ON `event_invitations` (`event_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `event_invitations_queue_idx` ON `event_invitations` (`send_id`,`status`) WHERE status = 'queued';--> statement-breakpoint
CREATE TABLE `event_organizers` (
	`user_id` text PRIMARY KEY NOT NULL,
	`granted_by` text,
	`granted_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`granted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `event_registrations` (
	`id` text PRIMARY KEY NOT NULL,
	`event_id` integer NOT NULL,
	`user_id` text NOT NULL,
	`status` text NOT NULL,
	`guests` integer DEFAULT 0 NOT NULL,
	`places` integer NOT NULL,
	`ticket_type_id` integer,
	`guest_ticket_type_id` integer,
	`amount_cents` integer DEFAULT 0 NOT NULL,
	`hold_expires_at` integer,
	`checkout_session_id` text,
	`checkout_url` text,
	`payment_reference` text,
	`paid_at` integer,
	`refund_reference` text,
	`refunded_at` integer,
	`ticket_code` text NOT NULL,
	`checked_in_at` integer,
	`checked_in_by` text,
	`show_name` integer DEFAULT true NOT NULL,
	`source` text DEFAULT 'web' NOT NULL,
	`waitlisted_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`ticket_type_id`) REFERENCES `event_ticket_types`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`guest_ticket_type_id`) REFERENCES `event_ticket_types`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`checked_in_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `event_registrations_checkout_session_id_unique` ON `event_registrations` (`checkout_session_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `event_registrations_ticket_code_unique` ON `event_registrations` (`ticket_code`);--> statement-breakpoint
CREATE UNIQUE INDEX `event_registrations_once` ON `event_registrations` (`event_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `event_registrations_status_idx` ON `event_registrations` (`event_id`,`status`);--> statement-breakpoint
CREATE INDEX `event_registrations_hold_idx` ON `event_registrations` (`status`,`hold_expires_at`);--> statement-breakpoint
CREATE INDEX `event_registrations_user_idx` ON `event_registrations` (`user_id`);--> statement-breakpoint
CREATE TABLE `event_ticket_types` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` integer NOT NULL,
	`name` text NOT NULL,
	`price_cents` integer NOT NULL,
	`quota` integer,
	`eligibility` text NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `event_ticket_types_event_idx` ON `event_ticket_types` (`event_id`);--> statement-breakpoint
CREATE TABLE `events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`group_id` integer,
	`organizer_id` text NOT NULL,
	`audience` text DEFAULT 'members' NOT NULL,
	`online` integer DEFAULT false NOT NULL,
	`venue` text,
	`address` text,
	`city` text,
	`latitude` real,
	`longitude` real,
	`online_url` text,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`time_zone` text DEFAULT 'Europe/Paris' NOT NULL,
	`capacity` integer,
	`registration_deadline` integer,
	`cancellation_deadline` integer,
	`max_guests` integer DEFAULT 0 NOT NULL,
	`ticketing` integer DEFAULT false NOT NULL,
	`status` text DEFAULT 'published' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`cancelled_at` integer,
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`organizer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `events_starts_idx` ON `events` (`status`,`starts_at`);--> statement-breakpoint
CREATE INDEX `events_group_idx` ON `events` (`group_id`);--> statement-breakpoint
CREATE TABLE `invitation_opt_outs` (
	`user_id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
