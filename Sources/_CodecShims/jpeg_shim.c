// JPEG through libjpeg(-turbo)'s classic API. Every entry point takes its own setjmp; the error
// manager's error_exit and every damaging warning jump back to it.
#include "_CodecShims.h"
#include "codec_internal.h"

#include <stdio.h>
#include <jpeglib.h>
#include <jerror.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#define SHIM_MAX_WARNINGS 8

typedef struct shim_error_manager {
    struct jpeg_error_mgr base;
    jmp_buf jump;
    codec_status failure;
    char message[JMSG_LENGTH_MAX > 256 ? JMSG_LENGTH_MAX : 256];
    /// Distinct tolerated warnings, in the order first seen.
    char warnings[SHIM_MAX_WARNINGS][256];
    int32_t warning_count;
} shim_error_manager;

struct codec_jpeg_decoder {
    struct jpeg_decompress_struct cinfo;
    shim_error_manager error;
    struct jpeg_progress_mgr progress;
    int max_scans;
    int is_cmyk;
    int adobe_inverted;
    uint8_t *cmyk_row;
    JSAMPROW *rows;
    int has_cinfo;
};

static codec_status status_for_error_code(int code) {
    switch (code) {
    case JERR_BAD_PRECISION:
    case JERR_ARITH_NOTIMPL:
    case JERR_NOT_COMPILED:
    case JERR_NOTIMPL:
    case JERR_SOF_UNSUPPORTED:
    case JERR_CONVERSION_NOTIMPL:
        return CODEC_UNSUPPORTED;
    case JERR_OUT_OF_MEMORY:
    case JERR_NO_BACKING_STORE:
    case JERR_TFILE_CREATE:
        return CODEC_OUT_OF_MEMORY;
    case JERR_INPUT_EMPTY:
    case JERR_INPUT_EOF:
    case JERR_NO_IMAGE:
        return CODEC_TRUNCATED;
    default:
        return CODEC_CORRUPT;
    }
}

static void shim_error_exit(j_common_ptr cinfo) {
    shim_error_manager *manager = (shim_error_manager *)cinfo->err;
    (*cinfo->err->format_message)(cinfo, manager->message);
    if (manager->failure == CODEC_OK) manager->failure = status_for_error_code(cinfo->err->msg_code);
    longjmp(manager->jump, 1);
}

/// Warnings that leave every pixel intact; every other warning means the picture is damaged.
/// JWRN_EXTRANEOUS_DATA: bytes skipped while looking for the next marker, between segments or
/// after a restart interval whose MCUs were all decoded (data cut short inside an interval gives
/// JWRN_HIT_MARKER instead, and a lost restart marker JWRN_MUST_RESYNC: both fatal).
static int warning_is_benign(int code) {
    switch (code) {
    case JWRN_JFIF_MAJOR:
    case JWRN_ADOBE_XFORM:
    case JWRN_BOGUS_ICC:
    case JWRN_EXTRANEOUS_DATA:
        return 1;
    default:
        return 0;
    }
}

static void shim_record_warning(shim_error_manager *manager, j_common_ptr cinfo) {
    char text[JMSG_LENGTH_MAX > 256 ? JMSG_LENGTH_MAX : 256];
    (*cinfo->err->format_message)(cinfo, text);
    for (int32_t k = 0; k < manager->warning_count; k++) {
        if (strncmp(manager->warnings[k], text, sizeof(manager->warnings[k]) - 1) == 0) return;
    }
    if (manager->warning_count >= SHIM_MAX_WARNINGS) return;
    snprintf(manager->warnings[manager->warning_count], sizeof(manager->warnings[0]), "%s", text);
    manager->warning_count++;
}

static void shim_emit_message(j_common_ptr cinfo, int level) {
    if (level >= 0) return;  // trace messages
    shim_error_manager *manager = (shim_error_manager *)cinfo->err;
    if (warning_is_benign(cinfo->err->msg_code)) {
        shim_record_warning(manager, cinfo);
        return;
    }
    (*cinfo->err->format_message)(cinfo, manager->message);
    manager->failure = cinfo->err->msg_code == JWRN_JPEG_EOF ? CODEC_TRUNCATED : CODEC_CORRUPT;
    longjmp(manager->jump, 1);
}

static void shim_output_message(j_common_ptr cinfo) { (void)cinfo; }

static void shim_install_error_manager(shim_error_manager *manager) {
    jpeg_std_error(&manager->base);
    manager->base.error_exit = shim_error_exit;
    manager->base.emit_message = shim_emit_message;
    manager->base.output_message = shim_output_message;
    manager->failure = CODEC_OK;
    manager->message[0] = '\0';
    manager->warning_count = 0;
}

static void shim_progress(j_common_ptr cinfo) {
    if (!cinfo->is_decompressor) return;
    j_decompress_ptr dinfo = (j_decompress_ptr)cinfo;
    codec_jpeg_decoder *decoder = (codec_jpeg_decoder *)dinfo;  // cinfo is the first member
    if (decoder->max_scans > 0 && dinfo->input_scan_number > decoder->max_scans) {
        decoder->error.failure = CODEC_TOO_MANY_SCANS;
        snprintf(decoder->error.message, sizeof(decoder->error.message),
                 "the progressive JPEG has more than %d scans", decoder->max_scans);
        longjmp(decoder->error.jump, 1);
    }
}

static void jpeg_decoder_destroy(codec_jpeg_decoder *decoder) {
    if (decoder == NULL) return;
    if (decoder->has_cinfo) jpeg_destroy_decompress(&decoder->cinfo);
    free(decoder->cmyk_row);
    free(decoder->rows);
    free(decoder);
}

codec_jpeg_decoder *codec_jpeg_open(const uint8_t *data, size_t size, int32_t scale_denominator,
                                    int32_t max_scans, size_t max_memory,
                                    codec_info *info, codec_status *status, codec_error *error) {
    *status = CODEC_OK;
    memset(info, 0, sizeof(*info));
    if (data == NULL || size < 4) {
        *status = CODEC_TRUNCATED;
        codec_set_message(error, "the file is shorter than a JPEG header");
        return NULL;
    }
    if (scale_denominator != 1 && scale_denominator != 2 && scale_denominator != 4 && scale_denominator != 8) {
        *status = CODEC_INVALID_ARGUMENT;
        codec_set_message(error, "the scale denominator must be 1, 2, 4 or 8");
        return NULL;
    }
    codec_jpeg_decoder *decoder = calloc(1, sizeof(codec_jpeg_decoder));
    if (decoder == NULL) {
        *status = CODEC_OUT_OF_MEMORY;
        codec_set_message(error, "out of memory");
        return NULL;
    }
    decoder->max_scans = max_scans;
    shim_install_error_manager(&decoder->error);
    decoder->cinfo.err = &decoder->error.base;
    if (setjmp(decoder->error.jump)) {
        *status = decoder->error.failure == CODEC_OK ? CODEC_CORRUPT : decoder->error.failure;
        codec_set_message(error, decoder->error.message);
        jpeg_decoder_destroy(decoder);
        return NULL;
    }
    jpeg_create_decompress(&decoder->cinfo);
    decoder->has_cinfo = 1;
    if (max_memory > 0) decoder->cinfo.mem->max_memory_to_use = (long)(max_memory > (size_t)0x7fffffff ? 0x7fffffff : max_memory);
    decoder->progress.progress_monitor = shim_progress;
    decoder->cinfo.progress = &decoder->progress;
    jpeg_mem_src(&decoder->cinfo, data, (unsigned long)size);
    (void)jpeg_read_header(&decoder->cinfo, TRUE);

    struct jpeg_decompress_struct *cinfo = &decoder->cinfo;
    info->width = cinfo->image_width;
    info->height = cinfo->image_height;
    info->bit_depth = cinfo->data_precision;
    info->channels = cinfo->num_components;
    info->is_interlaced = cinfo->progressive_mode ? 1 : 0;
    info->is_arithmetic = cinfo->arith_code ? 1 : 0;
    switch (cinfo->jpeg_color_space) {
    case JCS_GRAYSCALE:
        info->color_model = CODEC_COLOR_GRAY;
        cinfo->out_color_space = JCS_GRAYSCALE;
        break;
    case JCS_YCbCr:
        info->color_model = CODEC_COLOR_YCBCR;
        cinfo->out_color_space = JCS_RGB;
        break;
    case JCS_RGB:
        info->color_model = CODEC_COLOR_RGB;
        cinfo->out_color_space = JCS_RGB;
        break;
    case JCS_CMYK:
    case JCS_YCCK:
        info->color_model = cinfo->jpeg_color_space == JCS_CMYK ? CODEC_COLOR_CMYK : CODEC_COLOR_YCCK;
        cinfo->out_color_space = JCS_CMYK;
        decoder->is_cmyk = 1;
        decoder->adobe_inverted = cinfo->saw_Adobe_marker ? 1 : 0;
        break;
    default:
        decoder->error.failure = CODEC_UNSUPPORTED;
        snprintf(decoder->error.message, sizeof(decoder->error.message),
                 "JPEG with %d components in an unknown colour space", cinfo->num_components);
        longjmp(decoder->error.jump, 1);
    }
    cinfo->dct_method = JDCT_ISLOW;  // integer IDCT: the same pixels on every machine
    cinfo->scale_num = 1;
    cinfo->scale_denom = (unsigned int)scale_denominator;
    jpeg_calc_output_dimensions(cinfo);
    info->output_width = cinfo->output_width;
    info->output_height = cinfo->output_height;
    info->output_channels = decoder->is_cmyk ? 3 : cinfo->out_color_components;
    info->output_bytes_per_sample = 1;
    return decoder;
}

codec_status codec_jpeg_read(codec_jpeg_decoder *decoder, uint8_t *pixels, size_t row_bytes,
                             size_t size, codec_error *error) {
    if (decoder == NULL || pixels == NULL) {
        codec_set_message(error, "no decoder or no output buffer");
        return CODEC_INVALID_ARGUMENT;
    }
    struct jpeg_decompress_struct *cinfo = &decoder->cinfo;
    if (setjmp(decoder->error.jump)) {
        codec_set_message(error, decoder->error.message);
        return decoder->error.failure == CODEC_OK ? CODEC_CORRUPT : decoder->error.failure;
    }
    (void)jpeg_start_decompress(cinfo);
    size_t channels = decoder->is_cmyk ? 3 : (size_t)cinfo->output_components;
    size_t needed_row = (size_t)cinfo->output_width * channels;
    if (cinfo->output_height == 0 || row_bytes < needed_row || row_bytes > size / cinfo->output_height) {
        decoder->error.failure = CODEC_INVALID_ARGUMENT;
        snprintf(decoder->error.message, sizeof(decoder->error.message), "the output buffer does not fit the image");
        longjmp(decoder->error.jump, 1);
    }
    if (decoder->is_cmyk) {
        decoder->cmyk_row = malloc((size_t)cinfo->output_width * 4);
        if (decoder->cmyk_row == NULL) {
            decoder->error.failure = CODEC_OUT_OF_MEMORY;
            snprintf(decoder->error.message, sizeof(decoder->error.message), "out of memory");
            longjmp(decoder->error.jump, 1);
        }
    }
    if (decoder->is_cmyk) {
        while (cinfo->output_scanline < cinfo->output_height) {
            uint8_t *row = pixels + (size_t)cinfo->output_scanline * row_bytes;
            JSAMPROW source = decoder->cmyk_row;
            if (jpeg_read_scanlines(cinfo, &source, 1) != 1) continue;
            const uint8_t *cmyk = decoder->cmyk_row;
            for (JDIMENSION x = 0; x < cinfo->output_width; x++) {
                unsigned c = cmyk[4 * x], m = cmyk[4 * x + 1], y = cmyk[4 * x + 2], k = cmyk[4 * x + 3];
                if (!decoder->adobe_inverted) { c = 255 - c; m = 255 - m; y = 255 - y; k = 255 - k; }
                // Inverted ink (Adobe): stored value s = 255 - ink, so R = (255 - C)(255 - K)/255 = s_c s_k / 255.
                row[3 * x] = (uint8_t)((c * k + 127) / 255);
                row[3 * x + 1] = (uint8_t)((m * k + 127) / 255);
                row[3 * x + 2] = (uint8_t)((y * k + 127) / 255);
            }
        }
    } else {
        // Hand libjpeg every remaining row at once, as TurboJPEG does: it then emits whole
        // row groups per call instead of buffering for the upsampler one row at a time.
        decoder->rows = malloc(sizeof(JSAMPROW) * cinfo->output_height);
        if (decoder->rows == NULL) {
            decoder->error.failure = CODEC_OUT_OF_MEMORY;
            snprintf(decoder->error.message, sizeof(decoder->error.message), "out of memory");
            longjmp(decoder->error.jump, 1);
        }
        for (JDIMENSION y = 0; y < cinfo->output_height; y++) decoder->rows[y] = pixels + (size_t)y * row_bytes;
        while (cinfo->output_scanline < cinfo->output_height) {
            (void)jpeg_read_scanlines(cinfo, decoder->rows + cinfo->output_scanline,
                                      cinfo->output_height - cinfo->output_scanline);
        }
    }
    (void)jpeg_finish_decompress(cinfo);
    return CODEC_OK;
}

int32_t codec_jpeg_warnings(const codec_jpeg_decoder *decoder, codec_error *messages, int32_t capacity) {
    if (decoder == NULL) return 0;
    for (int32_t k = 0; k < decoder->error.warning_count && k < capacity && messages != NULL; k++) {
        snprintf(messages[k].message, sizeof(messages[k].message), "%s", decoder->error.warnings[k]);
    }
    return decoder->error.warning_count;
}

void codec_jpeg_close(codec_jpeg_decoder *decoder) {
    jpeg_decoder_destroy(decoder);
}

// MARK: - Encoding

codec_status codec_jpeg_encode(const uint8_t *pixels, uint32_t width, uint32_t height, size_t row_bytes,
                               int32_t channels, int32_t quality, int32_t progressive, int32_t arithmetic,
                               int32_t restart_interval_rows, int32_t chroma_subsampling,
                               const int32_t *scan_script, int32_t scan_count,
                               codec_buffer *out, codec_error *error) {
    memset(out, 0, sizeof(*out));
    if (pixels == NULL || width == 0 || height == 0 || width > JPEG_MAX_DIMENSION || height > JPEG_MAX_DIMENSION) {
        codec_set_message(error, "a JPEG must be 1 to 65500 pixels on each side");
        return CODEC_INVALID_ARGUMENT;
    }
    if (channels != 1 && channels != 3 && channels != 4) {
        codec_set_message(error, "JPEG encoding takes 1 (gray), 3 (RGB) or 4 (CMYK) channels");
        return CODEC_INVALID_ARGUMENT;
    }
    struct jpeg_compress_struct cinfo;
    shim_error_manager manager;
    shim_install_error_manager(&manager);
    cinfo.err = &manager.base;
    unsigned char *volatile destination = NULL;
    unsigned long destination_size = 0;
    jpeg_scan_info *volatile scans = NULL;
    if (setjmp(manager.jump)) {
        jpeg_destroy_compress(&cinfo);
        free(destination);
        free(scans);
        codec_set_message(error, manager.message);
        return manager.failure == CODEC_OUT_OF_MEMORY ? CODEC_OUT_OF_MEMORY : CODEC_INVALID_ARGUMENT;
    }
    jpeg_create_compress(&cinfo);
    unsigned char *buffer = NULL;
    jpeg_mem_dest(&cinfo, &buffer, &destination_size);
    cinfo.image_width = width;
    cinfo.image_height = height;
    cinfo.input_components = channels;
    cinfo.in_color_space = channels == 1 ? JCS_GRAYSCALE : (channels == 3 ? JCS_RGB : JCS_CMYK);
    jpeg_set_defaults(&cinfo);
    cinfo.dct_method = JDCT_ISLOW;
    jpeg_set_quality(&cinfo, quality < 1 ? 1 : (quality > 100 ? 100 : quality), TRUE);
    if (channels == 3) {
        int h = 2, v = 2;
        if (chroma_subsampling == 444) { h = 1; v = 1; }
        else if (chroma_subsampling == 422) { h = 2; v = 1; }
        cinfo.comp_info[0].h_samp_factor = h;
        cinfo.comp_info[0].v_samp_factor = v;
        for (int c = 1; c < 3; c++) { cinfo.comp_info[c].h_samp_factor = 1; cinfo.comp_info[c].v_samp_factor = 1; }
    }
    if (arithmetic) cinfo.arith_code = TRUE;
    if (restart_interval_rows > 0) cinfo.restart_in_rows = restart_interval_rows;
    if (scan_script != NULL && scan_count > 0) {
        scans = calloc((size_t)scan_count, sizeof(jpeg_scan_info));
        if (scans == NULL) { manager.failure = CODEC_OUT_OF_MEMORY; ERREXIT(&cinfo, JERR_OUT_OF_MEMORY); }
        for (int i = 0; i < scan_count; i++) {
            const int32_t *s = scan_script + 9 * i;
            scans[i].comps_in_scan = s[0];
            for (int c = 0; c < 4; c++) scans[i].component_index[c] = s[1 + c];
            scans[i].Ss = s[5];
            scans[i].Se = s[6];
            scans[i].Ah = s[7];
            scans[i].Al = s[8];
        }
        cinfo.scan_info = scans;
        cinfo.num_scans = scan_count;
    } else if (progressive) {
        jpeg_simple_progression(&cinfo);
    }
    jpeg_start_compress(&cinfo, TRUE);
    while (cinfo.next_scanline < cinfo.image_height) {
        JSAMPROW row = (JSAMPROW)(pixels + (size_t)cinfo.next_scanline * row_bytes);
        (void)jpeg_write_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_compress(&cinfo);
    destination = buffer;
    jpeg_destroy_compress(&cinfo);
    free(scans);
    out->data = destination;
    out->size = destination_size;
    out->capacity = destination_size;
    return CODEC_OK;
}
