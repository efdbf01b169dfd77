#ifndef SKINDELTA_CODEC_INTERNAL_H
#define SKINDELTA_CODEC_INTERNAL_H

#include "_CodecShims.h"

void codec_set_message(codec_error *error, const char *message);
int codec_buffer_append(codec_buffer *buffer, const uint8_t *bytes, size_t count);
int codec_host_is_little_endian(void);

#endif
