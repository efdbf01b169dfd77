// PNG through libpng's classic API. Every entry point takes its own setjmp.
#include "_CodecShims.h"
#include "codec_internal.h"

#include <png.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

struct codec_png_decoder {
    png_structp png;
    png_infop info;
    const uint8_t *data;
    size_t size;
    size_t offset;
    codec_status failure;       // the status a longjmp means
    char message[256];
    uint32_t output_height;
    size_t output_row_bytes;
};

static void png_shim_error(png_structp png, png_const_charp message) {
    codec_png_decoder *decoder = png_get_error_ptr(png);
    if (decoder != NULL) {
        if (decoder->failure == CODEC_OK) decoder->failure = CODEC_CORRUPT;
        strncpy(decoder->message, message ? message : "", sizeof(decoder->message) - 1);
        decoder->message[sizeof(decoder->message) - 1] = '\0';
        if (strstr(decoder->message, "memory") != NULL && decoder->failure == CODEC_CORRUPT) {
            decoder->failure = CODEC_OUT_OF_MEMORY;
        }
    }
    png_longjmp(png, 1);
}

static void png_shim_warning(png_structp png, png_const_charp message) {
    (void)png;
    (void)message;  // benign by definition in libpng; damaging conditions arrive as errors
}

static void png_shim_read(png_structp png, png_bytep out, size_t count) {
    codec_png_decoder *decoder = png_get_io_ptr(png);
    if (count > decoder->size - decoder->offset) {
        decoder->failure = CODEC_TRUNCATED;
        png_error(png, "the file ends before the image data does");
    }
    memcpy(out, decoder->data + decoder->offset, count);
    decoder->offset += count;
}

static void png_decoder_destroy(codec_png_decoder *decoder) {
    if (decoder == NULL) return;
    if (decoder->png != NULL) {
        png_destroy_read_struct(&decoder->png, decoder->info ? &decoder->info : NULL, NULL);
    }
    free(decoder);
}

codec_png_decoder *codec_png_open(const uint8_t *data, size_t size, uint32_t max_side,
                                  codec_info *info, codec_status *status, codec_error *error) {
    *status = CODEC_OK;
    memset(info, 0, sizeof(*info));
    if (data == NULL || size < 8) {
        *status = CODEC_TRUNCATED;
        codec_set_message(error, "the file is shorter than a PNG signature");
        return NULL;
    }
    if (png_sig_cmp(data, 0, 8) != 0) {
        *status = CODEC_CORRUPT;
        codec_set_message(error, "not a PNG signature");
        return NULL;
    }
    codec_png_decoder *decoder = calloc(1, sizeof(codec_png_decoder));
    if (decoder == NULL) {
        *status = CODEC_OUT_OF_MEMORY;
        codec_set_message(error, "out of memory");
        return NULL;
    }
    decoder->data = data;
    decoder->size = size;
    decoder->png = png_create_read_struct(PNG_LIBPNG_VER_STRING, decoder, png_shim_error, png_shim_warning);
    if (decoder->png == NULL) {
        free(decoder);
        *status = CODEC_OUT_OF_MEMORY;
        codec_set_message(error, "libpng could not allocate its state");
        return NULL;
    }
    // Everything modified between setjmp and a longjmp that is read afterwards lives in `decoder`
    // (heap memory, not a register-allocated local).
    if (setjmp(png_jmpbuf(decoder->png))) {
        *status = decoder->failure == CODEC_OK ? CODEC_CORRUPT : decoder->failure;
        codec_set_message(error, decoder->message);
        png_decoder_destroy(decoder);
        return NULL;
    }
    decoder->info = png_create_info_struct(decoder->png);
    if (decoder->info == NULL) {
        decoder->failure = CODEC_OUT_OF_MEMORY;
        png_error(decoder->png, "libpng could not allocate its info state");
    }
    png_set_read_fn(decoder->png, decoder, png_shim_read);
    // A bad CRC in any chunk, critical or ancillary, fails the file.
    png_set_crc_action(decoder->png, PNG_CRC_DEFAULT, PNG_CRC_ERROR_QUIT);
    if (max_side > 1000000u) png_set_user_limits(decoder->png, max_side, max_side);

    png_read_info(decoder->png, decoder->info);

    png_uint_32 width = 0, height = 0;
    int bit_depth = 0, color_type = 0, interlace = 0;
    png_get_IHDR(decoder->png, decoder->info, &width, &height, &bit_depth, &color_type, &interlace, NULL, NULL);
    int has_trns = png_get_valid(decoder->png, decoder->info, PNG_INFO_tRNS) != 0;

    info->width = width;
    info->height = height;
    info->bit_depth = bit_depth;
    info->has_transparency = has_trns;
    info->is_interlaced = interlace != PNG_INTERLACE_NONE;
    switch (color_type) {
    case PNG_COLOR_TYPE_GRAY: info->color_model = CODEC_COLOR_GRAY; info->channels = 1; break;
    case PNG_COLOR_TYPE_GRAY_ALPHA: info->color_model = CODEC_COLOR_GRAY_ALPHA; info->channels = 2; break;
    case PNG_COLOR_TYPE_RGB: info->color_model = CODEC_COLOR_RGB; info->channels = 3; break;
    case PNG_COLOR_TYPE_RGB_ALPHA: info->color_model = CODEC_COLOR_RGBA; info->channels = 4; break;
    case PNG_COLOR_TYPE_PALETTE: info->color_model = CODEC_COLOR_PALETTE; info->channels = 1; break;
    default:
        decoder->failure = CODEC_CORRUPT;
        png_error(decoder->png, "unknown PNG colour type");
    }

    if (color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(decoder->png);
    if (color_type == PNG_COLOR_TYPE_GRAY && bit_depth < 8) png_set_expand_gray_1_2_4_to_8(decoder->png);
    if (has_trns) png_set_tRNS_to_alpha(decoder->png);
    if (bit_depth == 16 && codec_host_is_little_endian()) png_set_swap(decoder->png);
    (void)png_set_interlace_handling(decoder->png);
    png_read_update_info(decoder->png, decoder->info);

    info->output_width = png_get_image_width(decoder->png, decoder->info);
    info->output_height = png_get_image_height(decoder->png, decoder->info);
    info->output_channels = png_get_channels(decoder->png, decoder->info);
    info->output_bytes_per_sample = png_get_bit_depth(decoder->png, decoder->info) == 16 ? 2 : 1;
    decoder->output_height = info->output_height;
    decoder->output_row_bytes = png_get_rowbytes(decoder->png, decoder->info);
    return decoder;
}

codec_status codec_png_read(codec_png_decoder *decoder, uint8_t *pixels, size_t row_bytes,
                            size_t size, codec_error *error) {
    if (decoder == NULL || pixels == NULL || row_bytes < decoder->output_row_bytes ||
        decoder->output_height == 0 || row_bytes > size / decoder->output_height) {
        codec_set_message(error, "the output buffer does not fit the image");
        return CODEC_INVALID_ARGUMENT;
    }
    png_bytep *volatile rows = malloc(sizeof(png_bytep) * decoder->output_height);
    if (rows == NULL) {
        codec_set_message(error, "out of memory");
        return CODEC_OUT_OF_MEMORY;
    }
    for (uint32_t y = 0; y < decoder->output_height; y++) rows[y] = pixels + (size_t)y * row_bytes;
    if (setjmp(png_jmpbuf(decoder->png))) {
        free(rows);
        codec_set_message(error, decoder->message);
        return decoder->failure == CODEC_OK ? CODEC_CORRUPT : decoder->failure;
    }
    png_read_image(decoder->png, rows);
    png_read_end(decoder->png, NULL);
    free(rows);
    return CODEC_OK;
}

void codec_png_close(codec_png_decoder *decoder) {
    png_decoder_destroy(decoder);
}

// MARK: - Encoding

typedef struct png_writer {
    codec_buffer *out;
    char message[256];
    int out_of_memory;
} png_writer;

static void png_shim_write(png_structp png, png_bytep bytes, size_t count) {
    png_writer *writer = png_get_io_ptr(png);
    if (!codec_buffer_append(writer->out, bytes, count)) {
        writer->out_of_memory = 1;
        png_error(png, "out of memory while writing PNG");
    }
}

static void png_shim_flush(png_structp png) { (void)png; }

static void png_shim_write_error(png_structp png, png_const_charp message) {
    png_writer *writer = png_get_error_ptr(png);
    strncpy(writer->message, message ? message : "", sizeof(writer->message) - 1);
    writer->message[sizeof(writer->message) - 1] = '\0';
    png_longjmp(png, 1);
}

codec_status codec_png_encode(const uint8_t *pixels, uint32_t width, uint32_t height, size_t row_bytes,
                              int32_t color_model, int32_t bit_depth, int32_t interlaced,
                              const uint8_t *palette, int32_t palette_count,
                              const uint16_t *transparency, int32_t transparency_count,
                              int32_t compression_level, codec_buffer *out, codec_error *error) {
    memset(out, 0, sizeof(*out));
    int color_type;
    switch (color_model) {
    case CODEC_COLOR_GRAY: color_type = PNG_COLOR_TYPE_GRAY; break;
    case CODEC_COLOR_GRAY_ALPHA: color_type = PNG_COLOR_TYPE_GRAY_ALPHA; break;
    case CODEC_COLOR_RGB: color_type = PNG_COLOR_TYPE_RGB; break;
    case CODEC_COLOR_RGBA: color_type = PNG_COLOR_TYPE_RGB_ALPHA; break;
    case CODEC_COLOR_PALETTE: color_type = PNG_COLOR_TYPE_PALETTE; break;
    default:
        codec_set_message(error, "PNG cannot store this colour model");
        return CODEC_INVALID_ARGUMENT;
    }
    if (pixels == NULL || width == 0 || height == 0) {
        codec_set_message(error, "nothing to encode");
        return CODEC_INVALID_ARGUMENT;
    }
    png_writer writer = { .out = out, .message = "", .out_of_memory = 0 };
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &writer, png_shim_write_error, png_shim_warning);
    if (png == NULL) {
        codec_set_message(error, "libpng could not allocate its state");
        return CODEC_OUT_OF_MEMORY;
    }
    png_infop volatile info = NULL;
    png_bytep *volatile rows = NULL;
    if (setjmp(png_jmpbuf(png))) {
        png_infop info_copy = info;
        png_destroy_write_struct(&png, info_copy ? &info_copy : NULL);
        free(rows);
        codec_buffer_free(out);
        codec_set_message(error, writer.message);
        return writer.out_of_memory ? CODEC_OUT_OF_MEMORY : CODEC_INVALID_ARGUMENT;
    }
    info = png_create_info_struct(png);
    if (info == NULL) png_error(png, "libpng could not allocate its info state");
    png_set_write_fn(png, &writer, png_shim_write, png_shim_flush);
    if (compression_level >= 0 && compression_level <= 9) png_set_compression_level(png, compression_level);
    png_set_IHDR(png, info, width, height, bit_depth, color_type,
                 interlaced ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (color_type == PNG_COLOR_TYPE_PALETTE) {
        if (palette == NULL || palette_count < 1 || palette_count > 256) png_error(png, "a palette image needs 1 to 256 palette entries");
        png_color entries[256];
        for (int i = 0; i < palette_count; i++) {
            entries[i].red = palette[3 * i];
            entries[i].green = palette[3 * i + 1];
            entries[i].blue = palette[3 * i + 2];
        }
        png_set_PLTE(png, info, entries, palette_count);
        if (transparency != NULL && transparency_count > 0) {
            if (transparency_count > palette_count) png_error(png, "more transparency entries than palette entries");
            png_byte alpha[256];
            for (int i = 0; i < transparency_count; i++) alpha[i] = (png_byte)transparency[i];
            png_set_tRNS(png, info, alpha, transparency_count, NULL);
        }
    } else if (transparency != NULL && transparency_count > 0) {
        png_color_16 value;
        memset(&value, 0, sizeof(value));
        if (color_type == PNG_COLOR_TYPE_GRAY && transparency_count == 1) {
            value.gray = transparency[0];
        } else if (color_type == PNG_COLOR_TYPE_RGB && transparency_count == 3) {
            value.red = transparency[0];
            value.green = transparency[1];
            value.blue = transparency[2];
        } else {
            png_error(png, "transparency does not fit the colour type");
        }
        png_set_tRNS(png, info, NULL, 0, &value);
    }
    png_write_info(png, info);
    if (bit_depth == 16 && codec_host_is_little_endian()) png_set_swap(png);
    rows = malloc(sizeof(png_bytep) * height);
    if (rows == NULL) { writer.out_of_memory = 1; png_error(png, "out of memory"); }
    for (uint32_t y = 0; y < height; y++) rows[y] = (png_bytep)(pixels + (size_t)y * row_bytes);
    png_write_image(png, rows);
    png_write_end(png, NULL);
    free(rows);
    png_infop info_copy = info;
    png_destroy_write_struct(&png, &info_copy);
    return CODEC_OK;
}
