package org.senpacs.dicomweb;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Encodes rendered images with the JDK's own writers: JPEG (with a quality) and PNG. */
final class ImageEncoder {

    static final String JPEG = "image/jpeg";
    static final String PNG = "image/png";

    private ImageEncoder() {}

    /**
     * The media type to answer from the Accept ranges: JPEG unless PNG comes first; a multipart
     * range counts by its type parameter. Null when neither is accepted.
     */
    static String negotiate(List<MediaRanges.Range> accept) {
        for (MediaRanges.Range r : accept) {
            MediaRanges.Range t = r;
            if (r.is("multipart", "related")) {
                t = r.param("type") == null ? null : MediaRanges.parse(r.param("type"));
                if (t == null) return JPEG;
            }
            if (t.matches("image", "jpeg")) return JPEG;
            if (t.matches("image", "png")) return PNG;
        }
        return null;
    }

    static byte[] encode(BufferedImage image, String mediaType, int quality) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByMIMEType(mediaType).next();
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            ImageWriteParam p = writer.getDefaultWriteParam();
            if (mediaType.equals(JPEG)) {
                p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                p.setCompressionQuality(quality / 100f);
            }
            writer.write(null, new IIOImage(image, null, null), p);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
