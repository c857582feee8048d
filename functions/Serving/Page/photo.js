// Decodes the photo upright (EXIF orientation applied) and, when it is larger than the model needs or in a format
// the service does not read (HEIC in Safari, AVIF, ICO), redraws it as a JPEG. What the browser cannot decode is
// sent as it is, so that the service says what is wrong.
const PhotoPreparation = (() => {
  "use strict";

  const SHRINK_FACTOR = 4;  // photos are shrunk until their shorter side is this many times the model's input side
  const SERVICE_TYPES = ["image/jpeg", "image/png", "image/webp", "image/gif", "image/bmp"];  // what the service decodes

  // Returns { file, blob, type, decoded, shrunk, width, height, originalWidth, originalHeight }: blob and type are what to send.
  async function prepare(file, inputSide, maxRequestBytes) {
    const original = { file, blob: file, type: file.type.startsWith("image/") ? file.type : "application/octet-stream", decoded: false, shrunk: false };
    let bitmap;
    try {
      bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
    } catch {
      return { ...original, type: "application/octet-stream" };
    }

    try {
      const result = { ...original, decoded: true, width: bitmap.width, height: bitmap.height, originalWidth: bitmap.width, originalHeight: bitmap.height };
      const scale = Math.min(1, (SHRINK_FACTOR * inputSide) / Math.min(bitmap.width, bitmap.height));
      if (scale === 1 && file.size <= maxRequestBytes && SERVICE_TYPES.includes(file.type)) {
        return result;
      }

      const width = Math.max(1, Math.round(bitmap.width * scale));
      const height = Math.max(1, Math.round(bitmap.height * scale));
      const canvas = document.createElement("canvas");
      canvas.width = width;
      canvas.height = height;
      const context = canvas.getContext("2d");
      context.fillStyle = "#fff";  // transparent pixels become white, as the service composites them
      context.fillRect(0, 0, width, height);
      context.imageSmoothingEnabled = true;
      context.imageSmoothingQuality = "high";
      context.drawImage(bitmap, 0, 0, width, height);
      const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.9));
      return blob ? { ...result, blob, type: "image/jpeg", shrunk: true, width, height } : result;
    } finally {
      bitmap.close();
    }
  }

  return { prepare };
})();
