package org.senpacs.dicomweb;

import java.io.IOException;
import java.util.List;
import org.senpacs.archive.retrieve.RetrieveService.Item;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.TransferSyntax;

/**
 * Stored instances as images to render (WADO-RS rendered and thumbnail, WADO-URI image/jpeg):
 * which can be rendered, and one frame rendered and encoded.
 */
final class RenderableImages {

    /** An image instance ready to render: its header, layout, pixel data place and frame count. */
    record Frames(Item item, InstanceFiles.Image image, PixelRenderer.Layout layout, int count) {}

    private final InstanceFiles files;

    RenderableImages(InstanceFiles files) {
        this.files = files;
    }

    /** The instance as a renderable image; 404 without pixel data, 406 when it cannot be rendered yet. */
    Frames open(Item item) throws IOException {
        refuseCompressed(item);
        InstanceFiles.Image image = files.image(item);
        if (image.pixelData() == null) throw DicomWebException.notFound("the instance has no pixel data");
        PixelRenderer.Layout layout = PixelRenderer.Layout.of(image.header());
        String why = layout.unsupported();
        if (why != null) throw DicomWebException.notAcceptable(why);
        int count = Math.max(1, image.header().getInt(Tag.NumberOfFrames, 1));
        if (image.pixelData().length() < layout.frameLength() * count) {
            throw new DicomWebException(500, "the pixel data is shorter than its attributes say");
        }
        return new Frames(item, image, layout, count);
    }

    /** 406 for an instance stored compressed: rendering it needs the codecs, which are not there yet. */
    static void refuseCompressed(Item item) {
        if (!TransferSyntax.of(item.transferSyntax()).isNative()) {
            throw DicomWebException.notAcceptable("rendering of compressed images (stored as " + item.transferSyntax()
                    + ") is not supported yet: it comes with the codecs");
        }
    }

    /** The first instance from {@code start} on (then from the beginning) that renders; 404 when none does. */
    Frames firstImage(List<Item> items, int start) throws IOException {
        DicomWebException last = null;
        for (int k = 0; k < items.size(); k++) {
            Item item = items.get((start + k) % items.size());
            try {
                return open(item);
            } catch (DicomWebException e) {
                last = e;
            }
        }
        throw last != null && last.status() == 406 ? last : DicomWebException.notFound("no image to make a thumbnail of");
    }

    /** One frame (1-based) rendered and encoded as {@code mediaType}. */
    byte[] render(Frames f, int frame, String mediaType, RenderParams params) throws IOException {
        if (frame < 1 || frame > f.count()) throw DicomWebException.notFound("frame " + frame + " of an image of " + f.count() + " frames");
        int length = (int) f.layout().frameLength();
        byte[] pixels = files.nativeFrame(f.item(), f.image().pixelData(), (long) (frame - 1) * length, length);
        var image = PixelRenderer.render(f.image().header(), f.layout(), pixels, f.image().pixelData().ts().bigEndian(), params);
        return ImageEncoder.encode(image, mediaType, params.quality());
    }
}
