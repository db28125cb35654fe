// The photo pipeline: every input is made here at run time (sharp or a few hand-written bytes), no binary fixtures.
import crypto from "node:crypto";
import exifReader from "exif-reader";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { blankPng, GPS } from "../../test/images";
import { MAX_PHOTO_BYTES, processPhoto, thumbnail, type PhotoResult } from "./images.server";

// ---------------------------------------------------------------------------------------------------------------
// Inputs

function solid(width: number, height: number, background = "#2a6f97") {
  return sharp({ create: { width, height, channels: 3, background } });
}

/** A photo-like JPEG (noise does not compress), so that cutting it in half really cuts the scan data. */
function noisyJpeg(width = 400, height = 300) {
  return sharp({
    create: { width, height, channels: 3, background: "#808080", noise: { type: "gaussian", mean: 128, sigma: 40 } },
  })
    .jpeg({ quality: 90 })
    .toBuffer();
}

const XMP =
  '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
  '<rdf:Description rdf:about="" xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="41,32.9N"/>' +
  "</rdf:RDF></x:xmpmeta>";

/** A JPEG the way a phone sends it: camera and GPS EXIF, XMP and a Display P3 ICC profile. */
function phoneJpeg(width = 320, height = 240) {
  return solid(width, height, "#d04a02")
    .jpeg()
    .withExif({ IFD0: { Make: "Khma Phone", Model: "Rustavi 1", Software: "Camera 1.0" }, IFD3: GPS })
    .withXmp(XMP)
    .withIccProfile("p3")
    .toBuffer();
}

/** Deterministic "random" bytes (so that a lucky magic number can never make the test flaky). */
function noiseBytes(length: number): Buffer {
  const out: Buffer[] = [];
  let block = crypto.createHash("sha256").update("khma").digest();
  for (let size = 0; size < length; size += block.length) {
    out.push(block);
    block = crypto.createHash("sha256").update(block).digest();
  }
  return Buffer.concat(out).subarray(0, length);
}

// ---------------------------------------------------------------------------------------------------------------
// Output checks

function expectOk(result: PhotoResult) {
  if (!result.ok) throw new Error(`expected a processed photo, got ${result.error}`);
  return result;
}

/** The chunk types of a WebP (RIFF) file. */
function webpChunks(data: Buffer): string[] {
  expect(data.toString("latin1", 0, 4)).toBe("RIFF");
  expect(data.toString("latin1", 8, 12)).toBe("WEBP");
  const chunks: string[] = [];
  for (let offset = 12; offset + 8 <= data.length; ) {
    const size = data.readUInt32LE(offset + 4);
    chunks.push(data.toString("latin1", offset, offset + 4));
    offset += 8 + size + (size % 2);
  }
  return chunks;
}

/** A WebP with no metadata at all: no EXIF, XMP or ICC chunk, nothing sharp can read back, no marker anywhere. */
async function expectClean(data: Buffer) {
  const chunks = webpChunks(data);
  for (const chunk of chunks) expect(["VP8 ", "VP8L", "VP8X", "ALPH"]).toContain(chunk);
  const meta = await sharp(data).metadata();
  expect(meta.format).toBe("webp");
  expect(meta.exif).toBeUndefined();
  expect(meta.xmp).toBeUndefined();
  expect(meta.icc).toBeUndefined();
  expect(meta.iptc).toBeUndefined();
  expect(meta.orientation).toBeUndefined();
  for (const marker of ["Exif", "EXIF", "XMP ", "xmpmeta", "ICCP", "GPS"]) {
    expect(data.includes(marker), marker).toBe(false);
  }
  return meta;
}

/** The colour at one pixel. */
async function pixel(data: Buffer, x: number, y: number) {
  const { data: raw } = await sharp(data)
    .extract({ left: x, top: y, width: 1, height: 1 })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return [...raw];
}

// ---------------------------------------------------------------------------------------------------------------

describe("processPhoto: good photos", () => {
  it("strips EXIF (with GPS), XMP and the ICC profile from a phone JPEG", async () => {
    const input = await phoneJpeg();
    // The input really carries all of it.
    const before = await sharp(input).metadata();
    expect(before.exif).toBeDefined();
    expect(before.xmp).toBeDefined();
    expect(before.icc).toBeDefined();
    const exif = exifReader(before.exif!);
    expect(exif.GPSInfo?.GPSLatitudeRef).toBe("N");
    expect(exif.GPSInfo?.GPSLatitude).toEqual([41, 32, 54.32]);
    expect(exif.GPSInfo?.GPSLongitude).toEqual([45, 0, 1.23]);
    expect(exif.Image?.Make).toBe("Khma Phone");
    expect(input.includes("Exif")).toBe(true);

    const result = expectOk(await processPhoto(input));
    expect(result.contentType).toBe("image/webp");
    expect(result.bytes).toBe(result.data.byteLength);
    expect([result.width, result.height]).toEqual([320, 240]);
    const after = await expectClean(result.data);
    expect([after.width, after.height]).toEqual([320, 240]);
    expect(after.space).toBe("srgb");
  });

  it("applies EXIF orientation 6: a 200×100 photo comes out 100×200, turned clockwise", async () => {
    // Left half red, right half blue; orientation 6 means "turn 90° clockwise to display": red ends up on top.
    const left = await solid(100, 100, "#ff0000").png().toBuffer();
    const input = await solid(200, 100, "#0000ff")
      .composite([{ input: left, left: 0, top: 0 }])
      .jpeg({ quality: 95 })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const before = await sharp(input).metadata();
    expect([before.width, before.height, before.orientation]).toEqual([200, 100, 6]);

    const result = expectOk(await processPhoto(input));
    expect([result.width, result.height]).toEqual([100, 200]);
    const after = await expectClean(result.data);
    expect([after.width, after.height]).toEqual([100, 200]);
    const [r1, , b1] = await pixel(result.data, 50, 40);
    const [r2, , b2] = await pixel(result.data, 50, 160);
    expect(r1).toBeGreaterThan(200);
    expect(b1).toBeLessThan(60);
    expect(r2).toBeLessThan(60);
    expect(b2).toBeGreaterThan(200);
  });

  it("fits a 4000×3000 photo within 1600×1600, keeping the aspect ratio", async () => {
    const input = await solid(4000, 3000).jpeg().toBuffer();
    const result = expectOk(await processPhoto(input));
    expect([result.width, result.height]).toEqual([1600, 1200]);
    await expectClean(result.data);
  });

  it("fits a tall photo by its height", async () => {
    const input = await solid(1000, 2500).jpeg().toBuffer();
    const result = expectOk(await processPhoto(input));
    expect([result.width, result.height]).toEqual([640, 1600]);
  });

  it("never enlarges a small photo", async () => {
    const input = await solid(300, 200).jpeg().toBuffer();
    const result = expectOk(await processPhoto(input));
    expect([result.width, result.height]).toEqual([300, 200]);
  });

  it("takes a PNG (with transparency)", async () => {
    const input = await sharp({ create: { width: 640, height: 480, channels: 4, background: { r: 0, g: 128, b: 0, alpha: 0.5 } } })
      .png()
      .toBuffer();
    const result = expectOk(await processPhoto(input));
    expect([result.width, result.height]).toEqual([640, 480]);
    const meta = await expectClean(result.data);
    expect(meta.hasAlpha).toBe(true);
  });

  it("takes a lossy and a lossless WebP", async () => {
    for (const lossless of [false, true]) {
      const input = await solid(2000, 1000).webp({ lossless }).withExif({ IFD3: GPS }).toBuffer();
      expect((await sharp(input).metadata()).exif).toBeDefined();
      const result = expectOk(await processPhoto(input));
      expect([result.width, result.height]).toEqual([1600, 800]);
      await expectClean(result.data);
    }
  });

  it("takes a plain Uint8Array, even a view into a larger buffer", async () => {
    const png = await solid(64, 32).png().toBuffer();
    const backing = new Uint8Array(png.length + 20);
    backing.set(png, 7);
    const view = new Uint8Array(backing.buffer, 7, png.length);
    const result = expectOk(await processPhoto(view));
    expect([result.width, result.height]).toEqual([64, 32]);
  });

  it("takes a hand-written 1-bit PNG of a sane size (so the bomb below is refused for its size alone)", async () => {
    const result = expectOk(await processPhoto(blankPng(3000, 2000)));
    expect([result.width, result.height]).toEqual([1600, 1067]);
  });
});

describe("processPhoto: refusals", () => {
  it("refuses empty input", async () => {
    expect(await processPhoto(Buffer.alloc(0))).toEqual({ ok: false, error: "empty" });
    expect(await processPhoto(new Uint8Array(0))).toEqual({ ok: false, error: "empty" });
  });

  it("refuses 10 MB + 1 byte, even of a real JPEG, and takes exactly 10 MB", async () => {
    const jpeg = await solid(64, 64).jpeg().toBuffer();
    const padded = Buffer.alloc(MAX_PHOTO_BYTES + 1);
    jpeg.copy(padded);
    expect(await processPhoto(padded)).toEqual({ ok: false, error: "tooLarge" });
    // Bytes after the JPEG's end marker are ignored by the decoder: at the limit it is still a photo.
    expectOk(await processPhoto(padded.subarray(0, MAX_PHOTO_BYTES)));
  });

  it("refuses PHP source sent as photo.jpg with image/jpeg: only the bytes count", async () => {
    // processPhoto never sees the name or the Content-Type; the bytes are all there is.
    const php = Buffer.from("<?php system($_GET['cmd']); ?>\n");
    expect(await processPhoto(php)).toEqual({ ok: false, error: "notAnImage" });
  });

  it("refuses PHP behind a JPEG signature", async () => {
    const polyglot = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from("<?php system($_GET['cmd']); ?>")]);
    expect(await processPhoto(polyglot)).toEqual({ ok: false, error: "notAnImage" });
  });

  it("refuses an HTML page", async () => {
    const html = Buffer.from('<!doctype html><html><body><img src=x onerror="alert(1)"></body></html>');
    expect(await processPhoto(html)).toEqual({ ok: false, error: "notAnImage" });
  });

  it("refuses plain text, XML and random bytes", async () => {
    for (const input of [
      Buffer.from("just some text, not a photo"),
      Buffer.from('<?xml version="1.0"?><note>hi</note>'),
      noiseBytes(4096),
    ]) {
      expect(await processPhoto(input)).toEqual({ ok: false, error: "notAnImage" });
    }
  });

  it("refuses an SVG with a script, with or without an XML declaration", async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(document.cookie)</script></svg>';
    for (const input of [svg, `<?xml version="1.0" encoding="UTF-8"?>\n${svg}`, `\ufeff  ${svg}`]) {
      const result = await processPhoto(Buffer.from(input));
      expect(result.ok).toBe(false);
      expect(result).toEqual({ ok: false, error: "unsupportedType" });
    }
  });

  it("refuses GIF, AVIF, HEIC and PDF as unsupported types", async () => {
    const gif = await solid(16, 16).gif().toBuffer();
    const avif = await solid(16, 16).avif().toBuffer();
    // An ISO-BMFF file-type box with the HEIC brand: what an iPhone's photo starts with.
    const heic = Buffer.concat([
      Buffer.from([0, 0, 0, 0x18]),
      Buffer.from("ftypheic"),
      Buffer.from([0, 0, 0, 0]),
      Buffer.from("mif1heic"),
      Buffer.alloc(64),
    ]);
    const pdf = Buffer.from("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n");
    for (const input of [gif, avif, heic, pdf]) {
      expect(await processPhoto(input)).toEqual({ ok: false, error: "unsupportedType" });
    }
    // A GIF with PHP after it is still a GIF.
    expect(await processPhoto(Buffer.concat([gif, Buffer.from("<?php phpinfo(); ?>")]))).toEqual({
      ok: false,
      error: "unsupportedType",
    });
  });

  it("refuses a truncated JPEG (the first half of a real one)", async () => {
    const jpeg = await noisyJpeg();
    expectOk(await processPhoto(jpeg));
    expect(await processPhoto(jpeg.subarray(0, Math.floor(jpeg.length / 2)))).toEqual({ ok: false, error: "notAnImage" });
  });

  it("refuses a corrupt PNG (a real header, garbage after it)", async () => {
    const png = await solid(64, 64).png().toBuffer();
    const corrupt = Buffer.concat([png.subarray(0, 40), noiseBytes(200)]);
    expect(await processPhoto(corrupt)).toEqual({ ok: false, error: "notAnImage" });
  });

  it("refuses a decompression bomb (a small PNG declaring 20000×20000) quickly, without decoding it", async () => {
    const bomb = blankPng(20_000, 20_000);
    expect(bomb.length).toBeLessThan(100 * 1024);
    // It is a valid PNG: the header really says 400 megapixels.
    const header = await sharp(bomb, { limitInputPixels: false }).metadata();
    expect([header.format, header.width, header.height]).toEqual(["png", 20_000, 20_000]);

    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    expect(await processPhoto(bomb)).toEqual({ ok: false, error: "tooManyPixels" });
    expect(performance.now() - started).toBeLessThan(2000);
    // Decoding it would take at least 400 MB.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * 1024 * 1024);
  });

  it("refuses a bomb that sharp's own default limit (268 megapixels) would let through", async () => {
    const bomb = blankPng(16_000, 16_000);
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    expect(await processPhoto(bomb)).toEqual({ ok: false, error: "tooManyPixels" });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * 1024 * 1024);
  });

  it("refuses just over 40 megapixels, takes exactly 40", async () => {
    expect(await processPhoto(blankPng(8000, 5001))).toEqual({ ok: false, error: "tooManyPixels" });
    const result = expectOk(await processPhoto(blankPng(8000, 5000)));
    expect([result.width, result.height]).toEqual([1600, 1000]);
  });
});

describe("thumbnail", () => {
  it("makes a smaller, clean WebP from a processed photo", async () => {
    const photo = expectOk(await processPhoto(await phoneJpeg(4000, 3000)));
    const thumb = await thumbnail(photo.data);
    const meta = await expectClean(thumb);
    expect([meta.width, meta.height]).toEqual([480, 360]);
    expect(thumb.length).toBeLessThan(photo.data.length);
    const small = await expectClean(await thumbnail(photo.data, 200));
    expect([small.width, small.height]).toEqual([200, 150]);
  });

  it("never enlarges", async () => {
    const photo = expectOk(await processPhoto(await solid(300, 120).png().toBuffer()));
    const meta = await sharp(await thumbnail(photo.data)).metadata();
    expect([meta.width, meta.height]).toEqual([300, 120]);
  });

  it("refuses a width that makes no sense", async () => {
    const photo = expectOk(await processPhoto(await solid(30, 20).png().toBuffer()));
    await expect(thumbnail(photo.data, 0)).rejects.toThrow(RangeError);
    await expect(thumbnail(photo.data, 1.5)).rejects.toThrow(RangeError);
  });
});
