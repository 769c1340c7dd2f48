/* keyring.h — the wallet key in the desktop keyring (Secret Service,
 * through libsecret).  The only user of libsecret.
 *
 * The key is stored as hex under the schema "org.satchel.WalletKey" with
 * the attribute wallet-id.  Everything that holds key material is wiped
 * (secret_password_free clears libsecret's copy; ours with OPENSSL_cleanse).
 * SATCHEL_NO_KEYRING=1 turns the keyring off (headless use, tests).
 */
#ifndef SATCHEL_KEYRING_H
#define SATCHEL_KEYRING_H

#include <stdint.h>
#include "satchel/crypto.h"

/* 0 when SATCHEL_NO_KEYRING is set to a non-empty value other than "0". */
int keyring_enabled(void);
/* Stores key for wallet_id (label names dir); ERR_IO when no keyring. */
int keyring_store(const char *wallet_id, const char *dir, const uint8_t key[AEAD_KEY_LEN],
		  struct err *err);
/* ERR_NOTFOUND when there is no entry, ERR_IO when no keyring answers. */
int keyring_lookup(const char *wallet_id, uint8_t key[AEAD_KEY_LEN], struct err *err);
int keyring_clear(const char *wallet_id, struct err *err);

#endif
