package io.edgecv.ncnn;

import io.edgecv.InvalidModelException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Checks a {@code .bin} weight file against its {@code .param} file by walking it as NCNN's layers read it: every
 * weight-bearing built-in layer's {@code load_model} (convolutions, InnerProduct, BatchNorm, MemoryData, Scale,
 * PReLU, norms, Embed, recurrent layers, MultiHeadAttention, Gemm, quantize layers), in layer order. A type-0 array
 * starts with a 4-byte tag that says how it is stored (fp16, int8, fp32, a 256-entry quantization table + indices),
 * a type-1 array is raw fp32. The walk fails on the first array that runs past the end of the file (NCNN would read
 * short or, for int8 scale arrays it never checks, dereference an empty mat) and on bytes left over at the end (the
 * {@code .bin} of another model).
 *
 * <p>Only block-quantized Gemm and MultiHeadAttention weights are not walked; after one of those the remaining
 * file is not checked.
 *
 * <p>Thread-safety: not thread-safe; one instance per check.
 */
final class WeightCheck {
    private static final int TAG_FP16 = 0x01306B47;
    private static final int TAG_INT8 = 0x000D4B38;
    private static final int TAG_FP32_SCALED = 0x0002C056;

    private final FileChannel file;
    private final long size;
    private final String source;
    private final ByteBuffer tag = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    private long offset;
    private ParamLayer layer;

    private WeightCheck(FileChannel file, long size, String source) {
        this.file = file;
        this.size = size;
        this.source = source;
    }

    /**
     * @param graph the validated param file
     * @param bin the weight file
     * @return the number of bytes the layers read (the file size when every layer was walked)
     * @throws InvalidModelException if the weights do not fit the layers
     */
    static long check(NcnnGraph graph, Path bin) throws InvalidModelException {
        try (FileChannel ch = FileChannel.open(bin, StandardOpenOption.READ)) {
            long size = ch.size();
            WeightCheck w = new WeightCheck(ch, size, bin.getFileName().toString());
            boolean complete = true;
            for (ParamLayer l : graph.layers) {
                w.layer = l;
                if (!w.walk(l)) {
                    complete = false;
                    break;
                }
            }
            if (complete && w.offset != size) {
                throw new InvalidModelException("NCNN weights " + w.source + " are " + size + " bytes but the"
                        + " param file's layers read " + w.offset + "; the .bin belongs to another model or export."
                        + " Use the .param and .bin written together");
            }
            return w.offset;
        } catch (IOException e) {
            throw new InvalidModelException("cannot read NCNN weights " + bin + ": " + e.getMessage(), e);
        }
    }

    /** @return false if the layer's weights are stored in a way this walk does not follow */
    private boolean walk(ParamLayer l) throws IOException, InvalidModelException {
        LayerParams p = l.params;
        switch (l.type) {
            case "Convolution":
            case "ConvolutionDepthWise":
            case "Convolution1D":
            case "ConvolutionDepthWise1D":
                if (p.getInt(19, 0) != 0) {
                    return true;
                }
                convolutionWeights(p);
                int8Scales(l);
                return true;
            case "Deconvolution":
            case "DeconvolutionDepthWise":
            case "Deconvolution1D":
            case "DeconvolutionDepthWise1D":
                if (p.getInt(28, 0) != 0) {
                    return true;
                }
                convolutionWeights(p);
                return true;
            case "Convolution3D":
            case "ConvolutionDepthWise3D":
            case "Deconvolution3D":
            case "DeconvolutionDepthWise3D":
            case "DeformableConv2D":
                convolutionWeights(p);
                return true;
            case "InnerProduct":
                load(p.getInt(2, 0), 0);
                if (p.getInt(1, 0) != 0) {
                    load(p.getInt(0, 0), 1);
                }
                if (p.getInt(8, 0) != 0) {
                    load(p.getInt(0, 0), 1);
                    load(1, 1);
                }
                return true;
            case "BatchNorm":
                for (int i = 0; i < 4; i++) {
                    load(p.getInt(0, 0), 1);
                }
                return true;
            case "MemoryData":
                memoryData(p);
                return true;
            case "Scale":
                if (p.getInt(0, 0) != -233) {
                    load(p.getInt(0, 0), 1);
                    if (p.getInt(1, 0) != 0) {
                        load(p.getInt(0, 0), 1);
                    }
                }
                return true;
            case "PReLU":
            case "Bias":
                load(p.getInt(0, 0), 1);
                return true;
            case "Normalize":
                load(p.getInt(3, 0), 1);
                return true;
            case "LayerNorm":
            case "InstanceNorm":
            case "RMSNorm":
                if (p.getInt(2, 1) != 0) {
                    load(p.getInt(0, 0), 1);
                    if (!l.type.equals("RMSNorm")) {
                        load(p.getInt(0, 0), 1);
                    }
                }
                return true;
            case "GroupNorm":
                if (p.getInt(3, 1) != 0) {
                    load(p.getInt(1, 0), 1);
                    load(p.getInt(1, 0), 1);
                }
                return true;
            case "Padding":
                if (p.getInt(6, 0) != 0) {
                    load(p.getInt(6, 0), 1);
                }
                return true;
            case "Embed":
                load(p.getInt(3, 0), 0);
                if (p.getInt(2, 0) != 0) {
                    load(p.getInt(0, 0), 1);
                }
                if (p.getInt(18, 0) != 0) {
                    load(1, 1);
                }
                return true;
            case "Quantize":
                load(p.getInt(0, 1), 1);
                return true;
            case "Dequantize":
                load(p.getInt(0, 1), 1);
                if (p.getInt(1, 0) != 0) {
                    load(p.getInt(1, 0), 1);
                }
                return true;
            case "Requantize":
                load(p.getInt(0, 1), 1);
                load(p.getInt(1, 1), 1);
                if (p.getInt(2, 0) != 0) {
                    load(p.getInt(2, 0), 1);
                }
                return true;
            case "LSTM":
            case "GRU":
            case "RNN":
                recurrent(l);
                return true;
            case "MultiHeadAttention":
                return attention(p);
            case "Gemm":
                return gemm(p);
            default:
                return true;
        }
    }

    private void convolutionWeights(LayerParams p) throws IOException, InvalidModelException {
        load(p.getInt(6, 0), 0);
        if (p.getInt(5, 0) != 0) {
            load(p.getInt(0, 0), 1);
        }
    }

    private void int8Scales(ParamLayer l) throws IOException, InvalidModelException {
        LayerParams p = l.params;
        int term = p.getInt(8, 0);
        if (term == 0) {
            return;
        }
        if (l.type.startsWith("ConvolutionDepthWise")) {
            if (l.type.endsWith("1D")) {
                return;
            }
            if (term == 1 || term == 101) {
                load(p.getInt(7, 1), 1);
                load(1, 1);
            } else if (term == 2 || term == 102) {
                load(1, 1);
                load(1, 1);
            }
        } else if (l.type.equals("Convolution")) {
            load(p.getInt(0, 0), 1);
            load(1, 1);
        } else {
            return;
        }
        if (term > 100) {
            load(1, 1);
        }
    }

    private void memoryData(LayerParams p) throws IOException, InvalidModelException {
        long w = p.getInt(0, 0);
        long h = p.getInt(1, 0);
        long d = p.getInt(11, 0);
        long c = p.getInt(2, 0);
        int type = p.getInt(21, 1);
        long n;
        if (d != 0) {
            n = w * h * d * c;
        } else if (c != 0) {
            n = w * h * c;
        } else if (h != 0) {
            n = w * h;
        } else {
            n = w;
        }
        if (n != 0) {
            load(n, type);
        }
    }

    private void recurrent(ParamLayer l) throws IOException, InvalidModelException {
        LayerParams p = l.params;
        long out = p.getInt(0, 0);
        long dirs = p.getInt(2, 0) == 2 ? 2 : 1;
        long gates = l.type.equals("LSTM") ? 4 : l.type.equals("GRU") ? 3 : 1;
        long hidden = l.type.equals("LSTM") ? p.getInt(3, (int) out) : out;
        long size = p.getInt(1, 0) / dirs / hidden / gates;
        load(size * hidden * gates * dirs, 0);
        load(hidden * (l.type.equals("RNN") ? 1 : 4) * dirs, 0);
        load(out * hidden * gates * dirs, 0);
        if (l.type.equals("LSTM") && out != hidden) {
            load(hidden * out * dirs, 0);
        }
        if (p.getInt(8, 0) != 0) {
            load(hidden * gates * dirs, 1);
            load(hidden * gates * dirs, 1);
        }
    }

    private boolean attention(LayerParams p) throws IOException, InvalidModelException {
        int quantize = p.getInt(18, 0);
        if (quantize >= 100) {
            return false; // block-quantized weights: layout not walked
        }
        long embed = p.getInt(0, 0);
        long qdim = p.getInt(2, 0) / embed;
        long kdim = p.getInt(3, (int) embed);
        long vdim = p.getInt(4, (int) embed);
        load(embed * qdim, 0);
        load(embed, 1);
        load(embed * kdim, 0);
        load(embed, 1);
        load(embed * vdim, 0);
        load(embed, 1);
        load(qdim * embed, 0);
        load(qdim, 1);
        if (quantize != 0) {
            load(embed, 1);
            load(embed, 1);
            load(embed, 1);
            load(1, 1);
        }
        return true;
    }

    private boolean gemm(LayerParams p) throws IOException, InvalidModelException {
        int quantize = p.getInt(18, 0);
        if (quantize >= 100) {
            return false; // block-quantized weights: layout not walked
        }
        long m = p.getInt(7, 0);
        long n = p.getInt(8, 0);
        long k = p.getInt(9, 0);
        if (p.getInt(4, 0) == 1) {
            load(m * k, 0);
        }
        if (p.getInt(5, 0) == 1) {
            load(n * k, 0);
        }
        int broadcast = p.getInt(10, 0);
        if (p.getInt(6, 0) == 1 && broadcast != -1) {
            long[] sizes = {1, m, m, n * m, n};
            if (broadcast < 0 || broadcast > 4) {
                throw bad("constant_broadcast_type_C (10) " + broadcast + " is outside -1..4");
            }
            load(sizes[broadcast], 0);
        }
        if (quantize != 0) {
            if (p.getInt(4, 0) == 1) {
                load(m, 1);
            }
            if (p.getInt(5, 0) == 1) {
                load(1, 1);
            }
        }
        return true;
    }

    /** Follows one {@code ModelBin::load(count, type)}. */
    private void load(long count, int type) throws IOException, InvalidModelException {
        if (count <= 0 || count > Integer.MAX_VALUE) {
            throw bad("an array of " + count + " weights: the sizes in the param file are not valid");
        }
        long need;
        if (type == 1) {
            need = 4 * count;
        } else if (type == 0) {
            int t = tagAt(offset);
            if (t == TAG_FP16) {
                need = 4 + align4(2 * count);
            } else if (t == TAG_INT8) {
                need = 4 + align4(count);
            } else if (t == TAG_FP32_SCALED || t == 0) {
                need = 4 + 4 * count;
            } else {
                need = 4 + 256 * 4 + align4(count);
            }
        } else {
            throw bad("weight load type " + type + " is neither 0 (tagged) nor 1 (raw float)");
        }
        if (offset + need > size) {
            throw new InvalidModelException("NCNN weights " + source + " end at byte " + size + " but "
                    + layer.where() + " needs " + need + " bytes from byte " + offset + " (" + count + " weights):"
                    + " the .bin is truncated or belongs to another model");
        }
        offset += need;
    }

    private int tagAt(long at) throws IOException, InvalidModelException {
        if (at + 4 > size) {
            throw new InvalidModelException("NCNN weights " + source + " end at byte " + size + " before the"
                    + " weights of " + layer.where() + ": the .bin is truncated or belongs to another model");
        }
        tag.clear();
        while (tag.hasRemaining()) {
            if (file.read(tag, at + tag.position()) < 0) {
                throw new IOException("unexpected end of file");
            }
        }
        return tag.getInt(0);
    }

    private static long align4(long n) {
        return (n + 3) & ~3L;
    }

    private InvalidModelException bad(String what) {
        return new InvalidModelException("NCNN param file, " + layer.where() + ": " + what);
    }
}
