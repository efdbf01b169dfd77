// libFuzzer target for the codec shim: the bytes are decoded as PNG (FUZZ_PNG) or JPEG (FUZZ_JPEG)
// through the same calls ImageCodec makes, with the pixel buffer bounded as DecodingLimits bounds it.
#include "_CodecShims.h"

#include <stdint.h>
#include <stdlib.h>

enum { MAX_PIXELS = 1 << 18 };  // small pictures keep executions fast; larger headers are still parsed

static void decode_into_buffer(const codec_info *info, int is_png, void *decoder) {
    if (info->output_width == 0 || info->output_height == 0) return;
    if ((uint64_t)info->output_width * info->output_height > MAX_PIXELS) return;
    size_t row = (size_t)info->output_width * (size_t)info->output_channels * (size_t)info->output_bytes_per_sample;
    size_t size = row * info->output_height;
    uint8_t *pixels = malloc(size);
    if (pixels == NULL) return;
    codec_error error;
    if (is_png) {
        (void)codec_png_read((codec_png_decoder *)decoder, pixels, row, size, &error);
    } else {
        (void)codec_jpeg_read((codec_jpeg_decoder *)decoder, pixels, row, size, &error);
    }
    free(pixels);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    codec_info info;
    codec_status status;
    codec_error error;
#ifdef FUZZ_PNG
    codec_png_decoder *png = codec_png_open(data, size, 20000, &info, &status, &error);
    if (png != NULL) {
        decode_into_buffer(&info, 1, png);
        codec_png_close(png);
    }
#endif
#ifdef FUZZ_JPEG
    for (int32_t scale = 1; scale <= 8; scale *= 8) {
        codec_jpeg_decoder *jpeg = codec_jpeg_open(data, size, scale, 100, 256u << 20, &info, &status, &error);
        if (jpeg != NULL) {
            decode_into_buffer(&info, 0, jpeg);
            codec_error warnings[8];
            (void)codec_jpeg_warnings(jpeg, warnings, 8);
            codec_jpeg_close(jpeg);
        }
    }
#endif
    return 0;
}
