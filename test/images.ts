// Images made at run time for the photo tests: nothing binary is committed.
import zlib from "node:zlib";

/** Where a phone put the photo, as EXIF GPS tags (Rustavi). */
export const GPS = { GPSLatitudeRef: "N", GPSLatitude: "41/1 32/1 5432/100", GPSLongitudeRef: "E", GPSLongitude: "45/1 0/1 123/100" };

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/**
 * A valid one-colour, 1-bit greyscale PNG written by hand. At 20000×20000 it is a decompression bomb:
 * a few dozen kB that decode to 400 megapixels.
 */
export function blankPng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // greyscale
  // compression, filter and interlace methods: 0
  const row = 1 + Math.ceil(width / 8); // filter byte + packed bits, all zero
  const idat = zlib.deflateSync(Buffer.alloc(row * height), { level: 9 });
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", ihdr),
    pngChunk("IDAT", idat),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}
