// The photo pipeline for residents' idea submissions.
//
// Phones send JPEG, PNG or WebP of up to 10 MB. Whatever arrives is treated as hostile:
// - the real format is read from the bytes (never from the file name or the client's Content-Type),
//   and only JPEG, PNG and WebP ever reach the decoder: SVG, GIF, HEIC, PDF… are refused before sharp sees them;
// - the pixel count is read from the header and checked BEFORE any pixel is decoded (decompression bombs),
//   and sharp is also given `limitInputPixels` so that no later step can decode more than that;
// - the output is always a fresh WebP, oriented, at most 1600×1600, with no metadata at all
//   (EXIF, GPS, XMP and ICC are dropped: sharp strips them unless told to keep them, and we never do).
import { fileTypeFromBuffer } from "file-type";
import sharp, { type Metadata, type SharpOptions } from "sharp";

export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
/** 40 megapixels: more than any phone camera takes, far less than a bomb unpacks to. */
export const MAX_PHOTO_PIXELS = 40_000_000;
/** Photos are shown at most this wide and high. */
export const MAX_PHOTO_SIDE = 1600;

/** Validation codes; the UI translates them. */
export type PhotoError = "tooLarge" | "empty" | "notAnImage" | "unsupportedType" | "tooManyPixels";

export type ProcessedPhoto = {
  ok: true;
  data: Buffer;
  width: number;
  height: number;
  contentType: "image/webp";
  bytes: number;
};

export type PhotoResult = ProcessedPhoto | { ok: false; error: PhotoError };

type AcceptedFormat = "jpeg" | "png" | "webp";

/** file-type's mime for each accepted format, and sharp's name for the same decoder. */
const ACCEPTED: Record<string, AcceptedFormat> = {
  "image/jpeg": "jpeg",
  "image/png": "png",
  "image/webp": "webp",
};

/** The same options for every sharp instance that reads untrusted bytes. */
const INPUT_OPTIONS: SharpOptions = {
  limitInputPixels: MAX_PHOTO_PIXELS,
  // Damaged data (a truncated upload, a broken stream) is refused; mere decoder warnings are not.
  failOn: "error",
  // Animated WebP: only the first frame is read.
  pages: 1,
};

/** Upper bound on the time one photo may take, so that no input can hold a worker for long. */
const TIMEOUT_SECONDS = 20;

function toBuffer(input: Uint8Array | Buffer): Buffer {
  return Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
}

/**
 * SVG is text (XML), so file-type does not name it. It is an image format all the same, and one that can carry
 * scripts: say `unsupportedType` rather than `notAnImage`, and never hand it to a renderer.
 */
function looksLikeSvg(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 4096).toString("latin1").toLowerCase();
  return /<svg[\s>/]/.test(head);
}

type Detected = { ok: true; format: AcceptedFormat } | { ok: false; error: "notAnImage" | "unsupportedType" };

/** Detects the real format from the magic bytes. */
async function detectFormat(bytes: Buffer): Promise<Detected> {
  let type: Awaited<ReturnType<typeof fileTypeFromBuffer>>;
  try {
    type = await fileTypeFromBuffer(bytes);
  } catch {
    type = undefined;
  }
  const accepted = type ? ACCEPTED[type.mime] : undefined;
  if (accepted) return { ok: true, format: accepted };
  if (looksLikeSvg(bytes)) return { ok: false, error: "unsupportedType" };
  // An image (or a document that renders like one) in a format we do not take: GIF, HEIC, AVIF, TIFF, BMP, PDF…
  if (type && (type.mime.startsWith("image/") || type.mime === "application/pdf")) {
    return { ok: false, error: "unsupportedType" };
  }
  // Text, PHP, HTML, XML, archives, executables, random bytes.
  return { ok: false, error: "notAnImage" };
}

function isPixelLimitError(error: unknown): boolean {
  return error instanceof Error && /pixel limit/i.test(error.message);
}

/**
 * Validates one uploaded photo and turns it into a clean WebP: EXIF orientation applied, fitted within
 * 1600×1600 (never enlarged), all metadata stripped. Never throws: every failure is a `PhotoError`.
 */
export async function processPhoto(input: Uint8Array | Buffer): Promise<PhotoResult> {
  if (input.byteLength === 0) return { ok: false, error: "empty" };
  if (input.byteLength > MAX_PHOTO_BYTES) return { ok: false, error: "tooLarge" };
  const bytes = toBuffer(input);

  const detected = await detectFormat(bytes);
  if (!detected.ok) return detected;

  // The header only: no pixel is decoded here.
  let metadata: Metadata;
  try {
    metadata = await sharp(bytes, INPUT_OPTIONS).metadata();
  } catch (error) {
    return { ok: false, error: isPixelLimitError(error) ? "tooManyPixels" : "notAnImage" };
  }
  // The bytes must decode as the format they claim to be (a PNG signature on a WebP body is not a PNG).
  if (metadata.format !== detected.format) return { ok: false, error: "notAnImage" };
  const { width, height } = metadata;
  if (!Number.isSafeInteger(width) || !Number.isSafeInteger(height) || width <= 0 || height <= 0) {
    return { ok: false, error: "notAnImage" };
  }
  if (width * height > MAX_PHOTO_PIXELS) return { ok: false, error: "tooManyPixels" };

  try {
    const { data, info } = await sharp(bytes, INPUT_OPTIONS)
      .rotate()
      .resize(MAX_PHOTO_SIDE, MAX_PHOTO_SIDE, { fit: "inside", withoutEnlargement: true })
      .webp({ quality: 80 })
      .timeout({ seconds: TIMEOUT_SECONDS })
      .toBuffer({ resolveWithObject: true });
    return { ok: true, data, width: info.width, height: info.height, contentType: "image/webp", bytes: data.byteLength };
  } catch (error) {
    return { ok: false, error: isPixelLimitError(error) ? "tooManyPixels" : "notAnImage" };
  }
}

/**
 * A smaller WebP for lists, `width` pixels wide at most (never enlarged), from a photo that `processPhoto` made.
 * Throws on input that is not an image: it is meant for our own output, not for uploads.
 */
export async function thumbnail(data: Buffer, width = 480): Promise<Buffer> {
  if (!Number.isInteger(width) || width < 1 || width > MAX_PHOTO_SIDE) {
    throw new RangeError(`thumbnail width must be an integer from 1 to ${MAX_PHOTO_SIDE}, not ${width}`);
  }
  return sharp(data, INPUT_OPTIONS)
    .rotate()
    .resize({ width, withoutEnlargement: true })
    .webp({ quality: 75 })
    .timeout({ seconds: TIMEOUT_SECONDS })
    .toBuffer();
}
