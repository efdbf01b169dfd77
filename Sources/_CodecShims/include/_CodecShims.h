// The only code in SkinDelta that calls libpng and libjpeg.
//
// Both libraries report fatal errors by longjmp. Swift frames must never be jumped over, so every
// entry point below takes its own setjmp before calling into a library and returns a status code
// with a message instead. No callbacks into Swift are made from inside the libraries.
//
// This is an implementation detail of ImageCodec and has no stable API.
#ifndef SKINDELTA_CODEC_SHIMS_H
#define SKINDELTA_CODEC_SHIMS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum codec_status {
    CODEC_OK = 0,
    /// The data is damaged (bad CRC, bad Huffman code, invalid header field, ...).
    CODEC_CORRUPT = 1,
    /// The data ended before the image did.
    CODEC_TRUNCATED = 2,
    /// A valid file that this build of the library cannot decode (12-bit JPEG, lossless JPEG, ...).
    CODEC_UNSUPPORTED = 3,
    /// A progressive JPEG has more scans than the caller allows.
    CODEC_TOO_MANY_SCANS = 4,
    /// A library allocation failed or exceeded the memory allowance.
    CODEC_OUT_OF_MEMORY = 5,
    /// The caller passed inconsistent arguments (a bug in the caller, not in the data).
    CODEC_INVALID_ARGUMENT = 6,
} codec_status;

/// The library's own text for the last failure, NUL-terminated.
typedef struct codec_error {
    char message[256];
} codec_error;

typedef enum codec_color_model {
    CODEC_COLOR_GRAY = 0,
    CODEC_COLOR_GRAY_ALPHA = 1,
    CODEC_COLOR_RGB = 2,
    CODEC_COLOR_RGBA = 3,
    CODEC_COLOR_PALETTE = 4,
    CODEC_COLOR_YCBCR = 5,
    CODEC_COLOR_CMYK = 6,
    CODEC_COLOR_YCCK = 7,
} codec_color_model;

/// What a header declares, and the layout the decoder will produce.
typedef struct codec_info {
    uint32_t width;                 ///< declared width, pixels
    uint32_t height;                ///< declared height, pixels
    int32_t bit_depth;              ///< bits per sample in the file
    int32_t channels;               ///< channels in the file (palette counts 1; CMYK 4)
    int32_t color_model;            ///< a codec_color_model
    int32_t has_transparency;       ///< PNG tRNS present (expanded into an alpha channel)
    int32_t is_interlaced;          ///< PNG Adam7, or a progressive JPEG
    int32_t is_arithmetic;          ///< JPEG arithmetic coding
    uint32_t output_width;          ///< width of the decoded buffer, pixels
    uint32_t output_height;         ///< height of the decoded buffer, pixels
    int32_t output_channels;        ///< 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA
    int32_t output_bytes_per_sample;///< 1, or 2 (native byte order)
} codec_info;

/// A malloc'ed byte buffer returned by the encoders; release with codec_buffer_free.
typedef struct codec_buffer {
    uint8_t *data;
    size_t size;
    size_t capacity;
} codec_buffer;

void codec_buffer_free(codec_buffer *buffer);

// MARK: - PNG decoding

typedef struct codec_png_decoder codec_png_decoder;

/// Reads the PNG signature and every chunk up to the first IDAT and fills `info`.
/// `max_side` raises libpng's own user limits when larger than its defaults.
/// Returns NULL and sets `status`/`error` on failure.
codec_png_decoder *codec_png_open(const uint8_t *data, size_t size, uint32_t max_side,
                                  codec_info *info, codec_status *status, codec_error *error);

/// Decodes every pixel into `pixels` (rows of `row_bytes`, `size` bytes in all) and checks the
/// rest of the file up to IEND. Palette and low bit depths are expanded to 8 bits, tRNS to alpha;
/// 16-bit samples stay 16-bit in native byte order.
codec_status codec_png_read(codec_png_decoder *decoder, uint8_t *pixels, size_t row_bytes,
                            size_t size, codec_error *error);

void codec_png_close(codec_png_decoder *decoder);

// MARK: - JPEG decoding

typedef struct codec_jpeg_decoder codec_jpeg_decoder;

/// Reads the JPEG header. `scale_denominator` (1, 2, 4 or 8) selects DCT-domain downscaling;
/// `max_scans` bounds the scans of a progressive file (checked while decoding);
/// `max_memory` bounds the library's working memory in bytes (0: no bound).
codec_jpeg_decoder *codec_jpeg_open(const uint8_t *data, size_t size, int32_t scale_denominator,
                                    int32_t max_scans, size_t max_memory,
                                    codec_info *info, codec_status *status, codec_error *error);

/// Decodes into `pixels`: gray images as 1 channel, everything else as RGB (CMYK and YCCK are
/// converted, honouring Adobe's inverted convention). Warnings that mean damaged pixels are fatal;
/// the others are recorded (see codec_jpeg_warnings).
codec_status codec_jpeg_read(codec_jpeg_decoder *decoder, uint8_t *pixels, size_t row_bytes,
                             size_t size, codec_error *error);

/// The warnings tolerated so far (header and pixels), at most `capacity` distinct messages copied
/// into `messages`; returns how many distinct messages there were. Tolerated warnings are those
/// that leave every pixel intact: stray bytes between markers (JWRN_EXTRANEOUS_DATA), a JFIF
/// version this library does not know (JWRN_JFIF_MAJOR), an unknown Adobe transform
/// (JWRN_ADOBE_XFORM) and a malformed ICC profile (JWRN_BOGUS_ICC).
int32_t codec_jpeg_warnings(const codec_jpeg_decoder *decoder, codec_error *messages, int32_t capacity);

void codec_jpeg_close(codec_jpeg_decoder *decoder);

// MARK: - Encoding

/// Writes a PNG. Rows are in PNG's own packing (bit depths below 8 packed big-end first), except
/// 16-bit samples, which are given in native byte order. `palette` is RGB triples; `transparency`
/// is per-entry alpha for palette images, or one 16-bit value per channel (gray or R,G,B) otherwise.
codec_status codec_png_encode(const uint8_t *pixels, uint32_t width, uint32_t height, size_t row_bytes,
                              int32_t color_model, int32_t bit_depth, int32_t interlaced,
                              const uint8_t *palette, int32_t palette_count,
                              const uint16_t *transparency, int32_t transparency_count,
                              int32_t compression_level, codec_buffer *out, codec_error *error);

/// Writes a JPEG from 8-bit gray (1 channel), RGB (3) or CMYK (4, stored as given with an Adobe marker).
/// `chroma_subsampling`: 444, 422 or 420. `scan_script`: NULL, or `scan_count` scans of 9 ints each
/// (component count, four component indices, Ss, Se, Ah, Al) for a custom progressive file.
codec_status codec_jpeg_encode(const uint8_t *pixels, uint32_t width, uint32_t height, size_t row_bytes,
                               int32_t channels, int32_t quality, int32_t progressive, int32_t arithmetic,
                               int32_t restart_interval_rows, int32_t chroma_subsampling,
                               const int32_t *scan_script, int32_t scan_count,
                               codec_buffer *out, codec_error *error);

#ifdef __cplusplus
}
#endif

#endif
