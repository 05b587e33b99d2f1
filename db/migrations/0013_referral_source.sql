ALTER TABLE `referral_invitations` ADD `source` text DEFAULT 'typed' NOT NULL;--> statement-breakpoint
UPDATE `referral_invitations` SET `source` = 'roster' WHERE `graduate_id` IS NOT NULL;
