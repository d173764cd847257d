package io.edgecv.ncnn;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import io.edgecv.BackendUnavailableException;
import io.edgecv.EdgeCvException;
import io.edgecv.InvalidModelException;
import io.edgecv.spi.AbstractBackendSession;
import io.edgecv.spi.BackendOptions;
import io.edgecv.spi.BackendSession;
import io.edgecv.spi.ElementType;
import io.edgecv.spi.FloatWidening;
import io.edgecv.spi.ModelSource;
import io.edgecv.spi.TensorSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An NCNN net behind the backend SPI. Shapes follow the ONNX convention with a leading batch of 1: an NCNN mat of
 * {@code w} is {@code [1, w]}, of {@code w, h} is {@code [1, h, w]}, of {@code w, h, c} is {@code [1, c, h, w]}
 * (NCHW) and of {@code w, h, d, c} is {@code [1, c, d, h, w]}.
 *
 * <p>The one copy: preprocessing writes the input as contiguous NCHW floats into a direct buffer this session owns;
 * {@link #run()} copies it plane by plane into an NCNN-allocated mat whose channels start every {@code cstep}
 * elements (16-byte aligned, so a plane may be followed by padding), a single bulk copy when there is no padding.
 * The mat is NCNN's own rather than one wrapped around the Java buffer because NCNN's light mode dereferences the
 * reference count of an input consumed in place, which a wrapped (external) mat does not have. Outputs are copied
 * out of NCNN's mats, channel by channel, into float arrays reused from run to run.
 *
 * <p>Thread-safety: not thread-safe (see {@link BackendSession}).
 */
final class NcnnSession extends AbstractBackendSession {
    private static final Logger LOG = LoggerFactory.getLogger(NcnnSession.class);
    private static final long MAX_INPUT_ELEMENTS = (Integer.MAX_VALUE - 8) / 4;

    private final NcnnLibrary lib;
    private final NcnnNet net;
    private final NcnnGraph graph;
    private final List<TensorSpec> inputs;
    private final int[] inputBlobs;
    private final int[] outputBlobs;
    private final long[][] inputShapes;
    private final ByteBuffer[] inputBuffers;
    private final NcnnMat[] inputMats;
    private final ByteBuffer[] matViews;
    private final int[] planes;
    private final int[] planeBytes;
    private final int[] cstepBytes;
    private final PointerByReference outRef = new PointerByReference();
    private final int[] status = new int[1];
    private final Memory mean;
    private final Memory norm;
    private final int normChannels;
    private final boolean shapeCheck;
    private boolean shapesChecked;

    private NcnnSession(NcnnLibrary lib, NcnnNet net, NcnnGraph graph, List<TensorSpec> inputs, int[] inputBlobs,
                        List<String> outputNames, int[] outputBlobs, NcnnOptions o) {
        // NCNN files carry no metadata; the model families read metadata.yaml beside the model themselves
        super(NcnnBackendProvider.NAME, inputs, unknownShapes(outputNames), Map.of());
        this.lib = lib;
        this.net = net;
        this.graph = graph;
        this.inputs = inputs();
        this.inputBlobs = inputBlobs;
        this.outputBlobs = outputBlobs;
        int ni = inputs.size();
        this.inputShapes = new long[ni][];
        this.inputBuffers = new ByteBuffer[ni];
        this.inputMats = new NcnnMat[ni];
        this.matViews = new ByteBuffer[ni];
        this.planes = new int[ni];
        this.planeBytes = new int[ni];
        this.cstepBytes = new int[ni];
        for (int i = 0; i < outputBlobs.length; i++) {
            setOutput(i, FloatBuffer.allocate(0), outputShape(i));
        }
        this.mean = floats(o.mean);
        this.norm = floats(o.norm);
        this.shapeCheck = o.shapeCheck;
        this.normChannels = o.mean != null ? o.mean.length : o.norm != null ? o.norm.length : 0;
    }

    /** @return float32 outputs of rank 4 whose dimensions are unknown until the first run */
    private static List<TensorSpec> unknownShapes(List<String> names) {
        List<TensorSpec> specs = new ArrayList<>();
        for (String name : names) {
            specs.add(new TensorSpec(name, ElementType.FLOAT32, new long[] {-1, -1, -1, -1}));
        }
        return specs;
    }

    private static Memory floats(float[] v) {
        if (v == null) {
            return null;
        }
        Memory m = new Memory(4L * v.length);
        m.write(0, v, 0, v.length);
        return m;
    }

    /**
     * Validates the model, loads it into a new net and, when every input's shape is known, runs it once on zeros to
     * learn the output shapes.
     */
    static NcnnSession open(NcnnRuntime rt, ModelSource model, BackendOptions options) throws EdgeCvException {
        NcnnOptions o = NcnnOptions.of(options);
        byte[] text = model.bytes();
        NcnnGraph graph = ParamParser.parse(text, model.name());
        Path bin = NcnnModelFiles.weights(model, o);
        WeightCheck.check(graph, bin);
        NcnnBlobs blobs = NcnnBlobs.resolve(graph, o, model.name());
        long[] imageSize = NcnnModelFiles.ultralyticsImageSize(model);
        if (o.vulkan && !rt.hasVulkan()) {
            throw new BackendUnavailableException("ncnn.vulkan=true but " + rt.origin() + " was built without"
                    + " Vulkan; rebuild ncnn with -DNCNN_VULKAN=ON or set ncnn.vulkan=false");
        }
        NcnnLibrary lib = rt.lib();
        NcnnNet net = new NcnnNet(lib);
        NcnnSession session = null;
        try {
            net.configure(o);
            int r = net.loadParam(text);
            if (r != 0) {
                throw new InvalidModelException("libncnn rejected " + model.name() + " (load_param returned " + r
                        + "): a layer type this libncnn lacks, or parameters a layer refuses; see libncnn's message"
                        + " on stderr");
            }
            checkSameGraph(net, graph, model.name());
            r = net.loadModel(bin);
            if (r != 0) {
                throw new InvalidModelException("libncnn could not load the weights " + bin + " (load_model returned "
                        + r + "); export the .param and .bin again");
            }
            if (o.vulkan && !net.usesVulkan()) {
                throw new BackendUnavailableException("ncnn.vulkan=true but libncnn found no usable Vulkan GPU");
            }
            List<TensorSpec> inputSpecs = new ArrayList<>();
            for (int i = 0; i < blobs.inputs.length; i++) {
                inputSpecs.add(new TensorSpec(graph.blobs.get(blobs.inputs[i]), ElementType.FLOAT32,
                        InputShapes.of(graph, blobs.inputs[i], i == 0 ? o.inputShape : null, imageSize)));
            }
            List<String> outputNames = new ArrayList<>();
            for (int b : blobs.outputs) {
                outputNames.add(graph.blobs.get(b));
            }
            session = new NcnnSession(lib, net, graph, inputSpecs, blobs.inputs, outputNames, blobs.outputs, o);
            session.bindStaticInputs();
            LOG.debug("NCNN {} on libncnn {}: {} threads, inputs {}, outputs {}", model.name(), rt.version(),
                    net.threads(), session.inputs(), session.outputs());
            return session;
        } catch (EdgeCvException | RuntimeException e) {
            if (session != null) {
                session.close();
            } else {
                net.close();
            }
            throw e;
        }
    }

    /** NCNN numbers blobs as this parser does; a mismatch would feed the wrong blob. */
    private static void checkSameGraph(NcnnNet net, NcnnGraph graph, String name) throws InvalidModelException {
        List<Integer> in = graph.inputBlobs();
        boolean same = net.inputCount() == in.size();
        for (int i = 0; same && i < in.size(); i++) {
            same = graph.blobs.get(in.get(i)).equals(net.inputName(i));
        }
        if (!same) {
            throw new InvalidModelException("libncnn read the inputs of " + name + " differently from EdgeCV's"
                    + " validator (" + net.inputCount() + " inputs); please report this with the .param file");
        }
    }

    /**
     * Binds the static inputs and, when all are static and the shape check followed them through every layer,
     * learns the output shapes from one run on zeros.
     */
    private void bindStaticInputs() throws EdgeCvException {
        boolean all = true;
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i).isStatic()) {
                bindChecked(i, inputs.get(i).shape());
            } else {
                all = false;
            }
        }
        if (all && shapesChecked) {
            run();
            for (int o = 0; o < outputBlobs.length; o++) {
                setOutputSpec(o, new TensorSpec(outputs().get(o).name(), ElementType.FLOAT32, outputShape(o)));
            }
        }
    }

    /** Binds an input after checking that, with the other inputs' shapes, every layer can take it. */
    private void bindChecked(int i, long[] shape) throws EdgeCvException {
        long[][] candidate = inputShapes.clone();
        candidate[i] = shape;
        boolean all = true;
        for (long[] s : candidate) {
            all &= s != null;
        }
        if (all && shapeCheck) {
            shapesChecked = ShapeCheck.check(graph, inputBlobs, candidate, outputBlobs);
        }
        bind(i, shape);
    }

    private void bind(int i, long[] shape) {
        long elements = TensorSpec.elementCount(shape);
        if (elements > MAX_INPUT_ELEMENTS) {
            throw new IllegalArgumentException("input shape " + Arrays.toString(shape) + " is too large");
        }
        NcnnMat mat = NcnnMat.create(lib, shape);
        long cstep = mat.cstep();
        int rank = shape.length;
        int nPlanes = rank >= 4 ? (int) shape[1] : 1;
        long plane = elements / nPlanes;
        ByteBuffer view = mat.data().getByteBuffer(0, 4L * cstep * (nPlanes - 1) + 4L * plane)
                .order(ByteOrder.nativeOrder());
        if (inputMats[i] != null) {
            inputMats[i].close();
        }
        inputMats[i] = mat;
        matViews[i] = view;
        planes[i] = nPlanes;
        planeBytes[i] = (int) (4 * plane);
        cstepBytes[i] = (int) (4 * cstep);
        inputBuffers[i] = ByteBuffer.allocateDirect((int) (4 * elements)).order(ByteOrder.nativeOrder());
        inputShapes[i] = shape.clone();
    }

    @Override
    public void setInputShape(int index, long[] shape) throws EdgeCvException {
        ensureOpen();
        TensorSpec in = inputs.get(index);
        if (shape.length != in.rank() || shape[0] != 1) {
            throw new IllegalArgumentException("input " + in + " takes a shape of rank " + in.rank()
                    + " with batch 1, not " + Arrays.toString(shape));
        }
        checkInputShape(index, shape);
        for (long dim : shape) {
            if (dim > 1 << 16) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not fit input " + in);
            }
        }
        if (!Arrays.equals(shape, inputShapes[index])) {
            bindChecked(index, shape);
        }
    }

    @Override
    public ByteBuffer inputBuffer(int index) {
        ensureOpen();
        if (inputBuffers[index] == null) {
            throw new IllegalStateException("input " + inputs.get(index) + " has dynamic dimensions: call"
                    + " setInputShape first");
        }
        return inputBuffers[index];
    }

    @Override
    public void run() throws EdgeCvException {
        ensureOpen();
        for (int i = 0; i < inputs.size(); i++) {
            if (inputBuffers[i] == null) {
                throw new IllegalStateException("input " + inputs.get(i) + " has no shape yet: call setInputShape");
            }
            copyIn(i);
        }
        try (NcnnExtractor ex = new NcnnExtractor(lib, net, outRef)) {
            for (int i = 0; i < inputs.size(); i++) {
                int r = ex.input(inputBlobs[i], inputMats[i]);
                if (r != 0) {
                    throw new EdgeCvException("NCNN refused input " + inputs.get(i).name() + " (status " + r + ")");
                }
            }
            for (int o = 0; o < outputBlobs.length; o++) {
                try (NcnnMat m = ex.extract(outputBlobs[o], status)) {
                    if (status[0] != 0) {
                        throw new EdgeCvException("NCNN failed to compute output " + outputs().get(o).name()
                                + " (status " + status[0] + "); check the input shape " + shapes()
                                + " suits the model");
                    }
                    copyOut(o, m);
                }
            }
        }
    }

    private String shapes() {
        StringBuilder sb = new StringBuilder();
        for (long[] s : inputShapes) {
            sb.append(Arrays.toString(s));
        }
        return sb.toString();
    }

    private void copyIn(int i) {
        ByteBuffer src = inputBuffers[i];
        ByteBuffer dst = matViews[i];
        int pb = planeBytes[i];
        int cs = cstepBytes[i];
        if (cs == pb || planes[i] == 1) {
            dst.put(0, src, 0, pb * planes[i]);
        } else {
            for (int p = 0, n = planes[i]; p < n; p++) {
                dst.put(p * cs, src, p * pb, pb);
            }
        }
        if (i == 0 && (mean != null || norm != null)) {
            if (planes[i] != normChannels) {
                throw new IllegalStateException("ncnn.mean/ncnn.norm have " + normChannels + " values but input "
                        + inputs.get(i).name() + " has " + planes[i] + " channels");
            }
            lib.ncnn_mat_substract_mean_normalize(inputMats[i].handle(), mean, norm);
        }
    }

    private void copyOut(int o, NcnnMat m) throws EdgeCvException {
        int dims = m.dims();
        Pointer data = m.data();
        if (dims < 1 || dims > 4 || data == null) {
            throw new EdgeCvException("NCNN returned an empty output " + outputs().get(o).name());
        }
        if (m.elemSize() != 4 || m.elemPack() != 1) {
            throw new EdgeCvException("NCNN returned output " + outputs().get(o).name() + " as " + m.elemSize()
                    + "-byte elements packed by " + m.elemPack() + "; expected unpacked float32");
        }
        int w = m.w();
        int h = dims >= 2 ? m.h() : 1;
        int d = dims == 4 ? m.d() : 1;
        int c = dims >= 3 ? m.c() : 1;
        long[] shape = outputShape(o);
        if (shape.length != dims + 1) {
            shape = new long[dims + 1];
        }
        shape[0] = 1;
        switch (dims) {
            case 1: shape[1] = w; break;
            case 2: shape[1] = h; shape[2] = w; break;
            case 3: shape[1] = c; shape[2] = h; shape[3] = w; break;
            default: shape[1] = c; shape[2] = d; shape[3] = h; shape[4] = w; break;
        }
        int plane = Math.multiplyExact(Math.multiplyExact(w, h), d);
        int n = Math.multiplyExact(plane, c);
        FloatBuffer values = FloatWidening.reuse(outputValues(o), n);
        float[] dst = values.array();
        long cstep = m.cstep();
        if (c == 1 || cstep == plane) {
            data.read(0, dst, 0, n);
        } else {
            for (int ch = 0; ch < c; ch++) {
                data.read(4L * cstep * ch, dst, ch * plane, plane);
            }
        }
        setOutput(o, values, shape);
    }

    /** @return whether the last input shapes were checked through every layer that runs ({@link ShapeCheck}) */
    boolean shapesFullyChecked() {
        return shapesChecked;
    }

    @Override
    protected String describe() {
        return "NCNN session";
    }

    @Override
    protected void release() {
        for (int i = 0; i < inputMats.length; i++) {
            matViews[i] = null;
            if (inputMats[i] != null) {
                inputMats[i].close();
            }
        }
        net.close();
        if (mean != null) {
            mean.close();
        }
        if (norm != null) {
            norm.close();
        }
    }
}
