/* fuzz-backup.c — libFuzzer target for the backup reader: magic,
 * header, bounded KDF parameters, authenticated decryption, content. */
#include <stdint.h>
#include "satchel/collection.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *body = NULL;

	if (collection_backup_open((const char *)data, size, "fuzz", 4, &body, NULL) == 0)
		json_decref(body);
	return 0;
}
