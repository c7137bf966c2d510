using R1Gym.Abstractions;
using R1Gym.Model.Checkpoints;
using R1Gym.Model.Modeling;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace R1Gym.Model;

/// <summary>
/// A Qwen2/Llama decoder-only language model that computes what Hugging Face transformers computes on the same
/// checkpoint. forward(inputIds [B, T] int64, attentionMask [B, T] or null) -> logits [B, T, V] in the model dtype.
/// attentionMask: 1 = real token, 0 = padding (left or right); positions are cumsum(mask) - 1.
/// </summary>
public sealed class CausalLM : nn.Module<Tensor, Tensor?, Tensor>
{
    private readonly ModuleList<DecoderLayer> _layers;
    private readonly DecoderLayer[] _layerArray;
    private readonly Rotary _rotary;

    private CausalLM(ModelConfig config, Device device, ScalarType dtype) : base("CausalLM")
    {
        config.Validate();
        Config = config;
        long v = config.VocabSize, h = config.HiddenSize;
        EmbedTokens = new Parameter(zeros(v, h));
        register_parameter("embed_tokens", EmbedTokens);
        _layerArray = Enumerable.Range(0, config.NumHiddenLayers).Select(i => new DecoderLayer(config, i)).ToArray();
        _layers = new ModuleList<DecoderLayer>(_layerArray);
        register_module("layers", _layers);
        Norm = new Parameter(ones(h));
        register_parameter("norm", Norm);
        if (!config.TieWordEmbeddings)
        {
            LmHead = new Parameter(zeros(v, h));
            register_parameter("lm_head", LmHead);
        }

        _rotary = new Rotary(config.RopeTheta, config.HeadDim);
        MoveTo(device, dtype);
    }

    public ModelConfig Config { get; }

    /// <summary>Where the weights live.</summary>
    public Device Device => EmbedTokens.device;

    /// <summary>The weights' dtype (float32, bfloat16, ...).</summary>
    public ScalarType DType => EmbedTokens.dtype;

    internal Parameter EmbedTokens { get; private set; }
    internal Parameter Norm { get; private set; }
    internal Parameter? LmHead { get; private set; }
    internal IReadOnlyList<DecoderLayer> Layers => _layerArray;

    /// <summary>A new model with HF's initialisation (normal(0, 0.02) weights, zero biases, unit norms), seeded on the CPU so every device gets the same weights.</summary>
    public static CausalLM Create(ModelConfig config, Device device, ScalarType dtype, long seed)
    {
        ArgumentNullException.ThrowIfNull(config);
        var model = new CausalLM(config, device, dtype);
        var generator = new TorchSharp.torch.Generator((ulong)seed, CPU);
        using (no_grad())
        {
            foreach (var (name, p) in model.named_parameters())
            {
                using var scope = NewDisposeScope();
                bool isNorm = name.EndsWith("norm", StringComparison.Ordinal) || name.EndsWith("layernorm", StringComparison.Ordinal);
                bool isBias = name.EndsWith("bias", StringComparison.Ordinal);
                var init = isNorm ? ones(p.shape) : isBias ? zeros(p.shape) : empty(p.shape).normal_(0, 0.02, generator);
                p.copy_(init);
            }
        }

        return model;
    }

    /// <summary>Loads a Hugging Face model folder: config.json + model.safetensors or sharded safetensors with an index.</summary>
    public static CausalLM Load(string dir, Device device, ScalarType dtype)
    {
        ArgumentNullException.ThrowIfNull(dir);
        if (!Directory.Exists(dir))
            throw new R1GymException($"Model folder not found: '{dir}'. Expected a Hugging Face folder with config.json and safetensors weights.");
        var config = ModelConfig.Load(Path.Combine(dir, "config.json"));
        // Weights first: their shapes bound what the config may ask to allocate.
        var weights = HfCheckpoint.ReadAll(dir);
        CausalLM? model = null;
        try
        {
            WeightMap.CheckBeforeAllocating(config, weights, dir);
            model = new CausalLM(config, device, dtype);
            WeightMap.CopyInto(model, weights, dir);
        }
        catch
        {
            model?.Dispose();
            throw;
        }
        finally
        {
            foreach (var t in weights.Values) t.Dispose();
        }

        return model;
    }

    /// <summary>Saves config.json and safetensors (HF names, the model dtype) that transformers loads as Qwen2/LlamaForCausalLM.</summary>
    public void Save(string dir)
    {
        ArgumentNullException.ThrowIfNull(dir);
        Directory.CreateDirectory(dir);
        Config.Save(Path.Combine(dir, "config.json"));
        using var scope = NewDisposeScope();
        HfCheckpoint.WriteAll(dir, WeightMap.Export(this));
    }

    /// <summary>Moves (or casts) every weight; use this rather than Module.to so the model keeps its references.</summary>
    public CausalLM MoveTo(Device device, ScalarType dtype)
    {
        this.to(device, dtype);
        var p = named_parameters().ToDictionary(x => x.name, x => x.parameter);
        EmbedTokens = p["embed_tokens"];
        Norm = p["norm"];
        LmHead = p.GetValueOrDefault("lm_head");
        foreach (var layer in _layerArray) layer.Rebind();
        return this;
    }

    /// <summary>inputIds [B, T] int64, attentionMask [B, T] (1 real, 0 pad) or null -> logits [B, T, V].</summary>
    public override Tensor forward(Tensor inputIds, Tensor? attentionMask)
    {
        ArgumentNullException.ThrowIfNull(inputIds);
        if (inputIds.dim() != 2)
            throw new R1GymException($"inputIds must be [batch, time], found shape [{string.Join(", ", inputIds.shape)}].");
        long b = inputIds.shape[0], t = inputIds.shape[1];
        Tensor positions;
        Tensor? mask = null;
        if (attentionMask is null)
        {
            positions = arange(t, dtype: ScalarType.Int64, device: inputIds.device).unsqueeze(0).expand(b, t); // [B, T]
        }
        else
        {
            var keep = attentionMask.to(ScalarType.Bool);                                                       // [B, T]
            positions = (keep.to(ScalarType.Int64).cumsum(1) - 1).clamp_min(0);                               // [B, T]
            var causal = ones(t, t, ScalarType.Bool, inputIds.device).tril();                                   // [T, T]
            var diagonal = eye(t, dtype: ScalarType.Bool, device: inputIds.device);
            // Padding queries attend to themselves only, so no row is empty (an empty row gives NaN).
            mask = (causal & keep.view(b, 1, 1, t)) | diagonal;                                                 // [B, 1, T, T]
        }

        var hidden = Hidden(inputIds, positions, new AttentionInputs(mask, null, 0, 0), t);
        return Logits(hidden);
    }

    /// <summary>Final hidden states [B, T, H] before the last norm.</summary>
    internal Tensor Hidden(Tensor inputIds, Tensor positions, AttentionInputs attention, long maxPosition)
    {
        long b = inputIds.shape[0], t = inputIds.shape[1];
        var (cos, sin) = _rotary.Lookup(positions, DType, Math.Max(maxPosition, Config.MaxPositionEmbeddings)); // [B, T, 1, D]
        var h = EmbedTokens.index_select(0, inputIds.reshape(-1)).view(b, t, Config.HiddenSize);            // [B, T, H]
        if (is_grad_enabled())
        {
            for (int i = 0; i < _layerArray.Length; i++)
                h = _layerArray[i].Forward(h, cos, sin, attention with { LayerIndex = i });
            return h;
        }

        // Inference: each layer's intermediates are freed as soon as the layer is done, so a prefill holds one
        // layer's activations at a time rather than all of them until the caller's scope ends.
        for (int i = 0; i < _layerArray.Length; i++)
        {
            Tensor next;
            using (NewDisposeScope())
                next = _layerArray[i].Forward(h, cos, sin, attention with { LayerIndex = i }).MoveToOuterDisposeScope(); // [B, T, H]
            h.Dispose();
            h = next;
        }

        return h;
    }

    /// <summary>hidden [.., H] -> logits [.., V] (final norm, then the output head or the tied embedding).</summary>
    internal Tensor Logits(Tensor hidden) =>
        F.linear(DecoderLayer.RmsNorm(hidden, Norm, Config.RmsNormEps), LmHead ?? EmbedTokens);

    protected override void Dispose(bool disposing)
    {
        if (disposing) _rotary.Dispose();
        base.Dispose(disposing);
    }
}
