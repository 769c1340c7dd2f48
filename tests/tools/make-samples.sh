#!/bin/sh
# make-samples.sh — regenerates the sample badges in share/samples/ with
# the test issuer (build/default/tools/test-issuer) and the TEST keys in
# tests/tools/keys/.  Every uuid, salt and date is fixed and both RSA
# PKCS#1 v1.5 and Ed25519 signatures are deterministic, so a rerun
# reproduces the committed files byte for byte.
#
# Issuer-side documents go to share/samples/issuer-site/<host>/<path>,
# mirroring the URLs the badges reference, so a test HTTPS server rooted
# there answers for them.  Only .example hosts are used.
#
# Usage: tests/tools/make-samples.sh   (TEST_ISSUER=path overrides the tool)

set -eu
cd "$(dirname "$0")/../.."

T=${TEST_ISSUER:-build/default/tools/test-issuer}
[ -x "$T" ] || ${MAKE:-make} --no-print-directory "$T"

OUT=share/samples
SITE=$OUT/issuer-site
KEYS=tests/tools/keys
LEARNER=lena.schmidt@example.org
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# Remove only what this script writes; other files in $OUT stay.
rm -rf "$SITE" "$OUT/baked"
rm -f "$OUT"/ob2-*.json "$OUT"/ob2-*.jws "$OUT"/ob3-*.json "$OUT"/ob3-*.jwt
mkdir -p "$OUT/baked"

issue() {	# issue COMMAND OPTIONS...: the options every sample shares
	cmd=$1
	shift
	"$T" "$cmd" --recipient "$LEARNER" --site "$SITE" "$@"
}

# 1. OB 2.0 hosted, German; the image is a URL served by the issuer site.
VHS=https://vhs-musterstadt.example/openbadges
"$T" png --color 1f7a8c "$SITE/vhs-musterstadt.example/openbadges/images/grundlagen-der-datenanalyse.png"
issue ob2-hosted \
	--base-url "$VHS" \
	--issuer-name "Volkshochschule Musterstadt" \
	--issuer-url https://vhs-musterstadt.example \
	--issuer-email weiterbildung@vhs-musterstadt.example \
	--name "Grundlagen der Datenanalyse" \
	--description "Dieses Abzeichen bestätigt Grundkenntnisse der Datenanalyse: Daten bereinigen, mit einer Tabellenkalkulation auswerten und Ergebnisse in Diagrammen verständlich darstellen." \
	--criteria "Teilnahme am Kurs „Grundlagen der Datenanalyse“ (24 Unterrichtsstunden) und erfolgreiche Bearbeitung einer Abschlussaufgabe mit einem echten Datensatz." \
	--lang de \
	--id-suffix da-2024-0042 \
	--badge-slug grundlagen-der-datenanalyse \
	--salt vhs-7f3a91c2 \
	--issued 2024-03-15T14:30:00+01:00 \
	--image "$VHS/images/grundlagen-der-datenanalyse.png" \
	--tag Datenanalyse --tag Tabellenkalkulation --tag Statistik \
	--alignment "DigComp 2.2: Daten, Informationen und digitale Inhalte verwalten|https://frameworks.example/digcomp/2.2/1.3|1.3|DigComp 2.2" \
	-o "$OUT/ob2-hosted-grundlagen-der-datenanalyse.json"

# 2. OB 2.0 signed (JWS RS256), English; key, issuer and revocation list
#    on the issuer site.
issue ob2-signed \
	--base-url https://issuer.example \
	--issuer-name "Riverside Coding Academy" \
	--name "Python Programming Fundamentals" \
	--description "Awarded for a working command of core Python: data types, control flow, functions, modules and automated tests." \
	--criteria "Complete all eight modules of the course and pass the final project review: a command-line tool with unit tests." \
	--lang en \
	--id-suffix python-2024-117 \
	--badge-slug python-programming-fundamentals \
	--uuid 6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e \
	--salt rca-5d21e0b4 \
	--issued 2024-05-20T16:00:00Z \
	--expires 2027-05-20T16:00:00Z \
	--color 3776ab \
	--tag Python --tag Programming --tag Testing \
	--alignment "Programming/software development|https://frameworks.example/sfia/prog|PROG|SFIA 8" \
	--key "$KEYS/test-only-rsa2048.pem" \
	-o "$OUT/ob2-signed-python-programming-fundamentals.jws"

# sign FILE CREATED OUT: adds an eddsa-rdfc-2022 proof by the Ed25519 test
# key, whose did:key is the issuer; CREATED is fixed so reruns match.
sign() {
	"$T" sign-di --key "$KEYS/test-only-ed25519.pem" --created "$2" "$1" -o "$3"
}

# 3. OB 3.0 JSON (VCDM 2.0), German with umlauts, did:key issuer, signed
#    with a Data Integrity proof (eddsa-rdfc-2022).
issue ob3-json \
	--base-url https://akademie-nord.example \
	--issuer-name "Akademie für Schlüsselkompetenzen Nord" \
	--issuer-url https://akademie-nord.example \
	--issuer-email kontakt@akademie-nord.example \
	--name "Teamarbeit & Kommunikation" \
	--description "Bestätigt die Fähigkeit, in gemischten Teams zielorientiert zusammenzuarbeiten, Konflikte früh anzusprechen und Ergebnisse verständlich zu präsentieren." \
	--criteria "Aktive Mitarbeit an allen vier Präsenzterminen, Moderation einer Teambesprechung und ein Reflexionsbericht über die Gruppenübung „Brückenbau“." \
	--lang de \
	--id-suffix teamarbeit-2024-0311 \
	--badge-slug teamarbeit-und-kommunikation \
	--achievement-type Competency \
	--uuid 3b9e7c1a-5d2f-4e8b-a6c4-7f0d1e2b3c4a \
	--salt akn-9c4e2f71 \
	--issued 2024-09-27T12:00:00+02:00 \
	--color e67e22 \
	--tag Teamarbeit --tag Kommunikation --tag Konfliktlösung --tag Präsentation \
	--alignment "Im Team arbeiten|https://frameworks.example/esco/skill/teamwork|S1.8.1|ESCO" \
	--key "$KEYS/test-only-ed25519.pem" \
	-o "$TMP/teamarbeit.json"
sign "$TMP/teamarbeit.json" 2024-09-27T10:00:00Z "$OUT/ob3-teamarbeit-und-kommunikation.json"

# 4. OB 3.0 VC-JWT, EdDSA, did:key issuer (nothing to host), English.
issue ob3-jwt \
	--base-url https://cloudsec-academy.example \
	--issuer-name "Cloud Security Academy" \
	--issuer-url https://cloudsec-academy.example \
	--name "Cloud Security Essentials" \
	--description "Recognises a sound grasp of cloud security fundamentals: shared responsibility, identity and access management, encryption at rest and in transit, and security logging." \
	--criteria "Pass the proctored exam (60 questions) with at least 75 % and complete three hands-on labs hardening a sample cloud deployment." \
	--lang en \
	--id-suffix cse-2024-2291 \
	--badge-slug cloud-security-essentials \
	--achievement-type Certificate \
	--subject-id did:example:lena-schmidt-8c41 \
	--uuid 8d2f4b6a-1c3e-4f5a-9b7d-0e1f2a3b4c5d \
	--salt csa-1e8b7d30 \
	--issued 2024-11-04T08:00:00Z \
	--expires 2027-11-04T08:00:00Z \
	--color 16a085 \
	--tag Cloud --tag Security --tag IAM \
	--alignment "Cloud security fundamentals|https://frameworks.example/cloud-security/domain-1|D1|Cloud Security Body of Knowledge" \
	--key "$KEYS/test-only-ed25519.pem" \
	-o "$OUT/ob3-jwt-cloud-security-essentials.jwt"

# 5. OB 3.0 JSON in the VCDM 1.1 form, German, expired 2023, did:key
#    issuer, signed (sign-di adds the Data Integrity context, which VCDM
#    1.1 lacks).
issue ob3-json --vc1 \
	--base-url https://erste-hilfe-musterstadt.example \
	--issuer-name "Erste-Hilfe-Schule Musterstadt e. V." \
	--issuer-url https://erste-hilfe-musterstadt.example \
	--name "Erste Hilfe Grundkurs" \
	--description "Grundkurs Erste Hilfe (9 Unterrichtseinheiten): Notruf absetzen, stabile Seitenlage, Herz-Lungen-Wiederbelebung mit AED und Versorgung von Wunden." \
	--criteria "Vollständige Teilnahme an allen 9 Unterrichtseinheiten und praktische Übung der Herz-Lungen-Wiederbelebung am Übungsphantom." \
	--lang de \
	--id-suffix eh-2021-1187 \
	--badge-slug erste-hilfe-grundkurs \
	--achievement-type Certificate \
	--uuid 5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9 \
	--salt ehs-2b6d9a14 \
	--issued 2021-05-08T09:00:00+02:00 \
	--expires 2023-05-08T23:59:59+02:00 \
	--color c0392b \
	--tag "Erste Hilfe" --tag Reanimation \
	--key "$KEYS/test-only-ed25519.pem" \
	-o "$TMP/erste-hilfe.json"
sign "$TMP/erste-hilfe.json" 2021-05-08T07:00:00Z "$OUT/ob3-vc1-erste-hilfe-grundkurs.json"

# 6. OB 3.0 VC-JWT, RS256, https issuer whose kid URL serves the JWK,
#    English; no credentialSubject.id, hence no "sub" claim.
issue ob3-jwt \
	--base-url https://open-web-institute.example \
	--issuer-name "Open Web Institute" \
	--issuer-url https://open-web-institute.example \
	--name "Accessible Web Design" \
	--description "Shows the ability to design and build web pages that people with disabilities can use: semantic HTML, keyboard access, contrast and screen reader testing." \
	--criteria "Audit a given website against WCAG 2.2 level AA and fix the ten most severe findings in a reviewed pull request." \
	--lang en \
	--id-suffix awd-2025-0007 \
	--badge-slug accessible-web-design \
	--uuid 2a4c6e8f-0b1d-4f3a-8c5e-7a9b1c3d5e7f \
	--salt owi-4f0a8c62 \
	--issued 2025-02-14T10:00:00Z \
	--color 2c3e50 \
	--tag Accessibility --tag WCAG --tag HTML \
	--alignment "WCAG 2.2 Level AA|https://frameworks.example/wcag/2.2/aa|AA|WCAG 2.2" \
	--key "$KEYS/test-only-rsa2048.pem" \
	-o "$OUT/ob3-jwt-rs256-accessible-web-design.jwt"

# Baked forms: a medal image per badge, then the credential baked in.
"$T" png --color 1f7a8c "$TMP/datenanalyse.png"
"$T" bake ob2 "$OUT/ob2-hosted-grundlagen-der-datenanalyse.json" "$TMP/datenanalyse.png" \
	"$OUT/baked/ob2-hosted-grundlagen-der-datenanalyse.png"
"$T" png --color 16a085 "$TMP/cloud.png"
"$T" bake ob3 "$OUT/ob3-jwt-cloud-security-essentials.jwt" "$TMP/cloud.png" \
	"$OUT/baked/ob3-jwt-cloud-security-essentials.png"
"$T" svg --color 3776ab --title "Python Programming Fundamentals" "$TMP/python.svg"
"$T" bake ob2 "$OUT/ob2-signed-python-programming-fundamentals.jws" "$TMP/python.svg" \
	"$OUT/baked/ob2-signed-python-programming-fundamentals.svg"
"$T" svg --color e67e22 --title "Teamarbeit & Kommunikation" "$TMP/team.svg"
"$T" bake ob3 "$OUT/ob3-teamarbeit-und-kommunikation.json" "$TMP/team.svg" \
	"$OUT/baked/ob3-teamarbeit-und-kommunikation.svg"

echo "make-samples: wrote $OUT (TEST keys: nothing here proves anything)"
