/**
 * Demo terms of use: version 1, in force since the seed's reference date, accepted by every seeded
 * account (at sign-up, as far as the demo knows). Clauses are numbered « ## 4. » / « ### 4.2 » so
 * that reports and decisions can cite them (app/features/moderation/terms.ts).
 */
import { eq } from 'drizzle-orm'
import type { Db } from './client'
import { termsAcceptances, termsVersions, users } from './schema'

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]

export const DEMO_TERMS_SUMMARY = 'Première version des conditions d’utilisation de la plateforme.'

export const DEMO_TERMS_BODY = `Les présentes conditions d’utilisation règlent l’usage de la plateforme en ligne de l’association des diplômés de l’école (« l’association »). En créant un compte, chacun les accepte ; elles complètent les statuts et le règlement intérieur de l’association.

## 1. Objet

### 1.1 La plateforme
La plateforme permet aux diplômés et aux étudiants de l’école de garder le lien : annuaire des membres, groupes et discussions, événements, offres d’emploi et de stage.

### 1.2 Qui l’édite
Elle est éditée par l’association, loi 1901, représentée par son président ou sa présidente. Les webmestres sont les bénévoles désignés par le bureau pour l’administrer.

## 2. Inscription et compte

### 2.1 Qui peut s’inscrire
Toute personne majeure peut créer un compte. L’accès à l’annuaire, aux groupes et aux offres réservées aux membres suppose d’être diplômé ou étudiant de l’école et d’avoir cotisé.

### 2.2 Un compte, une personne
Chacun s’inscrit sous sa véritable identité et ne crée qu’un seul compte. Prendre l’identité d’une autre personne est interdit.

### 2.3 Sécurité du compte
Le mot de passe est personnel. Chacun est responsable de ce qui est fait depuis son compte et prévient l’association sans attendre s’il pense qu’un tiers y a accédé.

## 3. Cotisation

### 3.1 Une cotisation à vie
La cotisation est versée une seule fois ; son montant est fixé par l’assemblée générale et affiché sur la page « Cotiser ». Un reçu est envoyé par e-mail.

### 3.2 Étudiants
Le tarif étudiant suppose un justificatif de scolarité, vérifié par un webmestre.

### 3.3 Remboursement
La cotisation n’est pas remboursable, sauf erreur de paiement signalée dans les trente jours.

## 4. Respect des membres

### 4.1 Courtoisie
Les échanges restent courtois et bienveillants, quelles que soient les opinions de chacun.

### 4.2 Harcèlement et propos haineux
Sont interdits le harcèlement, les menaces, les insultes, et tout propos discriminatoire, raciste, sexiste, homophobe ou haineux.

### 4.3 Vie privée des autres
On ne publie pas d’informations privées sur une autre personne (adresse, téléphone, photos) sans son accord.

## 5. Annuaire et mise en relation

### 5.1 Ce que l’annuaire montre
Chaque membre choisit ce que son profil montre et à qui : tous les membres, sa promotion, ou personne.

### 5.2 Usage des coordonnées
Les coordonnées de l’annuaire servent à la mise en relation entre membres, à titre personnel ou professionnel. Il est interdit de les extraire, de les copier en nombre ou de les utiliser pour de la prospection commerciale, du démarchage ou des envois en masse.

## 6. Contenus publiés

### 6.1 Responsabilité
Chacun est responsable de ce qu’il publie : messages, discussions, événements, offres, photos.

### 6.2 Contenus interdits
Sont interdits les contenus illicites, la publicité non sollicitée et le spam, les contenus trompeurs, et ceux qui portent atteinte aux droits d’autrui (droit d’auteur, droit à l’image).

### 6.3 Licence
En publiant, chacun autorise l’association à afficher son contenu sur la plateforme, le temps de sa publication et pour ses seuls membres ou visiteurs selon la visibilité choisie.

## 7. Offres d’emploi et de stage

### 7.1 Offres réelles
Une offre décrit un poste réel, avec l’entreprise, le lieu et le type de contrat. Les offres sont relues par un webmestre avant publication.

### 7.2 Pas de frais
Aucune offre ne peut demander d’argent aux candidats. Les offres de recrutement pour des activités de vente en réseau ou à la commission sont refusées.

## 8. Événements

### 8.1 Organisation
L’organisateur d’un événement décrit fidèlement le lieu, la date, le prix et les places. Il veille au bon déroulement de l’événement.

### 8.2 Inscriptions
S’inscrire engage à venir ou à se désinscrire dès que possible, pour libérer sa place. Les billets payants sont remboursés selon les règles affichées sur l’événement.

## 9. Signalements et modération

### 9.1 Signaler
Tout membre connecté peut signaler un membre, un message, une offre, un événement ou un groupe qui ne respecte pas ces conditions, en donnant la raison. Le signalement est examiné par un webmestre ; son auteur est informé de la suite donnée.

### 9.2 Mesures
Selon la gravité, un webmestre peut classer le signalement, adresser un avertissement, retirer un contenu, restreindre un compte pour une durée donnée (il ne peut alors plus publier, contacter ni s’inscrire aux événements) ou désactiver un compte. Quand plusieurs membres signalent une même personne, son compte peut être restreint en attendant la décision d’un webmestre ; il n’est jamais désactivé automatiquement.

### 9.3 Décision motivée
Chaque décision est communiquée par e-mail à la personne concernée, avec les faits reprochés, l’article des présentes conditions en cause, la mesure prise et sa durée.

### 9.4 Désactivation
Un compte désactivé ne peut plus se connecter ; son profil est masqué, ses inscriptions à venir sont annulées et ses offres retirées. Ses messages restent, signés « Membre désactivé ». La cotisation reste acquise.

### 9.5 Recours
La personne concernée peut contester une décision une fois, dans les vingt jours, par le lien reçu dans l’e-mail de décision ou depuis la page de connexion. Le recours est examiné, quand c’est possible, par un autre webmestre que celui qui a décidé ; la réponse est motivée. On peut aussi écrire à l’association par la page Contact.

## 10. Données personnelles

### 10.1 Responsable
L’association est responsable des traitements de données de la plateforme. Elle ne les utilise que pour la vie de l’association et ne les vend ni ne les cède à personne.

### 10.2 Vos droits
Conformément au RGPD, chacun peut accéder à ses données, les rectifier, les exporter, s’opposer à leur traitement ou demander leur effacement, en écrivant à l’association. Une réclamation peut être adressée à la CNIL.

### 10.3 Conservation
Les données d’un compte sont conservées tant qu’il existe. Les journaux de modération sont gardés trois ans après la décision.

## 11. Modification des conditions

### 11.1 Nouvelle version
L’association peut modifier ces conditions. Chaque version est numérotée, datée et reste consultable sur la page « Conditions d’utilisation ».

### 11.2 Acceptation
Une nouvelle version est annoncée avec le résumé de ses changements ; elle est proposée à chaque membre à sa visite suivante. Celui qui ne l’accepte pas peut se déconnecter et demander la fermeture de son compte.
`

/** Version 1, published by the webmaster demo account, and accepted by every seeded account. */
export function insertTerms(tx: Tx, now: Date) {
  const admin = tx.select({ id: users.id }).from(users).where(eq(users.email, 'admin@amicale.example')).get()
  const version = tx
    .insert(termsVersions)
    .values({ version: 1, body: DEMO_TERMS_BODY, summary: DEMO_TERMS_SUMMARY, effectiveAt: now, publishedBy: admin?.id ?? null, createdAt: now })
    .returning({ id: termsVersions.id })
    .get()
  const everyone = tx.select({ id: users.id }).from(users).all()
  for (let i = 0; i < everyone.length; i += 500) {
    tx.insert(termsAcceptances)
      .values(everyone.slice(i, i + 500).map((u) => ({ userId: u.id, versionId: version.id, via: 'signup' as const, acceptedAt: now })))
      .run()
  }
}
