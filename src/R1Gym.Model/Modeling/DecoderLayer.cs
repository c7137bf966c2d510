using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace R1Gym.Model.Modeling;

/// <summary>
/// One Qwen2/Llama block: RMSNorm, attention (fused QKV projection, RoPE, grouped-query), RMSNorm, SwiGLU MLP
/// (fused gate/up projection). HF's separate q/k/v and gate/up weights are concatenated on load and split on save.
/// </summary>
internal sealed class DecoderLayer : nn.Module
{
    private readonly int _heads, _kvHeads, _headDim;
    private readonly double _eps;

    public DecoderLayer(ModelConfig config, int index) : base($"layer{index}")
    {
        _heads = config.NumAttentionHeads;
        _kvHeads = config.NumKeyValueHeads;
        _headDim = config.HeadDim;
        _eps = config.RmsNormEps;
        long h = config.HiddenSize, qkv = (long)(_heads + 2 * _kvHeads) * _headDim, i = config.IntermediateSize;
        InputNorm = new Parameter(ones(h));
        QkvWeight = new Parameter(zeros(qkv, h));
        QkvBias = config.AttentionBias ? new Parameter(zeros(qkv)) : null;
        OWeight = new Parameter(zeros(h, (long)_heads * _headDim));
        PostNorm = new Parameter(ones(h));
        GateUpWeight = new Parameter(zeros(2 * i, h));
        DownWeight = new Parameter(zeros(h, i));
        register_parameter("input_layernorm", InputNorm);
        register_parameter("qkv_proj", QkvWeight);
        if (QkvBias is not null) register_parameter("qkv_bias", QkvBias);
        register_parameter("o_proj", OWeight);
        register_parameter("post_attention_layernorm", PostNorm);
        register_parameter("gate_up_proj", GateUpWeight);
        register_parameter("down_proj", DownWeight);
    }

    public Parameter InputNorm { get; private set; }
    public Parameter QkvWeight { get; private set; }
    public Parameter? QkvBias { get; private set; }
    public Parameter OWeight { get; private set; }
    public Parameter PostNorm { get; private set; }
    public Parameter GateUpWeight { get; private set; }
    public Parameter DownWeight { get; private set; }

    /// <summary>Re-reads the registered parameters after a device/dtype move replaced them.</summary>
    internal void Rebind()
    {
        var p = named_parameters().ToDictionary(x => x.name, x => x.parameter);
        InputNorm = p["input_layernorm"];
        QkvWeight = p["qkv_proj"];
        QkvBias = p.GetValueOrDefault("qkv_bias");
        OWeight = p["o_proj"];
        PostNorm = p["post_attention_layernorm"];
        GateUpWeight = p["gate_up_proj"];
        DownWeight = p["down_proj"];
    }

    /// <summary>h [B, T, H] -> [B, T, H].</summary>
    public Tensor Forward(Tensor h, Tensor cos, Tensor signedSin, in AttentionInputs attention)
    {
        long b = h.shape[0], t = h.shape[1];
        var x = RmsNorm(h, InputNorm, _eps);                                                  // [B, T, H]
        bool training = is_grad_enabled();
        var qkv = F.linear(x, QkvWeight, QkvBias).view(b, t, _heads + 2 * _kvHeads, _headDim); // [B, T, Hq+2Hkv, D]
        var (q, k, v) = training ? SplitQkv(qkv, cos, signedSin) : NarrowQkv(qkv, cos, signedSin); // [B, T, Hq|Hkv|Hkv, D]
        Tensor attn;
        if (attention.Cache is null)
        {
            attn = FullAttention(q, k, v, attention);
        }
        else if (attention.Start == 0)
        {
            // Prefill: the keys are exactly this call's tokens, so attend over them directly (the fused kernels, and
            // no [B, Hkv, rep*T, Smax] score tensor) and only write them into the cache for the decode steps.
            var (keys, values) = attention.Cache.Layer(attention.LayerIndex);                // [B, Hkv, Smax, D]
            keys.narrow(2, 0, t).copy_(k.transpose(1, 2));
            values.narrow(2, 0, t).copy_(v.transpose(1, 2));
            attn = FullAttention(q, k, v, attention);
        }
        else
        {
            attn = CachedAttention(q, k, v, attention);
        }

        h = h + F.linear(attn, OWeight);                                                      // [B, T, H]
        x = RmsNorm(h, PostNorm, _eps);
        return h + F.linear(GatedActivation(x, training), DownWeight);
    }

    // The fused projections are cut two ways. Training uses split, whose backward writes one concatenated gradient
    // (each narrow's backward fills a zero tensor of the whole width, which autograd then adds up); inference uses
    // narrow views, the fewest calls per decoding step. Both were measured on an H200 at the 0.5B shape.
    private (Tensor Q, Tensor K, Tensor V) SplitQkv(Tensor qkv, Tensor cos, Tensor signedSin)
    {
        var qkAndV = qkv.split([_heads + _kvHeads, _kvHeads], 2);
        var qk = Rotary.Apply(qkAndV[0], cos, signedSin).split([_heads, _kvHeads], 2);     // rotary on q and k at once
        return (qk[0], qk[1], qkAndV[1]);
    }

    private (Tensor Q, Tensor K, Tensor V) NarrowQkv(Tensor qkv, Tensor cos, Tensor signedSin)
    {
        var qk = Rotary.Apply(qkv.narrow(2, 0, _heads + _kvHeads), cos, signedSin);          // [B, T, Hq+Hkv, D]
        return (qk.narrow(2, 0, _heads), qk.narrow(2, _heads, _kvHeads), qkv.narrow(2, _heads + _kvHeads, _kvHeads));
    }

    /// <summary>silu(x Wg) * (x Wu), [B, T, H] -> [B, T, I].</summary>
    private Tensor GatedActivation(Tensor x, bool training)
    {
        long inter = GateUpWeight.shape[0] / 2;
        if (!training)
        {
            var gateUp = F.linear(x, GateUpWeight);                                           // [B, T, 2I], one matmul
            return F.silu(gateUp.narrow(-1, 0, inter)).mul_(gateUp.narrow(-1, inter, inter));
        }

        // Training: two matmuls on halves of the fused weight. Splitting the [B, T, 2I] output instead would cost a
        // concatenation of its gradient, 2I wide, in every layer's backward (measured on an H200 at the 0.5B shape).
        return F.silu(F.linear(x, GateUpWeight.narrow(0, 0, inter))).mul_(F.linear(x, GateUpWeight.narrow(0, inter, inter)));
    }

    /// <summary>Training / scoring path: keys are this call's tokens. Returns [B, T, Hq*D].</summary>
    private Tensor FullAttention(Tensor q, Tensor k, Tensor v, in AttentionInputs attention)
    {
        long b = q.shape[0], t = q.shape[1];
        int rep = _heads / _kvHeads;
        var qh = q.transpose(1, 2);                                                          // [B, Hq, T, D]
        var kh = k.transpose(1, 2);                                                          // [B, Hkv, T, D]
        var vh = v.transpose(1, 2);
        if (rep > 1)
        {
            // Each key/value head serves rep query heads; expand + reshape copies them (its backward sums the copies).
            kh = kh.unsqueeze(2).expand(b, _kvHeads, rep, t, _headDim).reshape(b, _heads, t, _headDim); // [B, Hq, T, D]
            vh = vh.unsqueeze(2).expand(b, _kvHeads, rep, t, _headDim).reshape(b, _heads, t, _headDim);
        }

        var o = attention.Mask is null
            ? F.scaled_dot_product_attention(qh, kh, vh, is_casual: true)
            : F.scaled_dot_product_attention(qh, kh, vh, attention.Mask);                     // [B, Hq, T, D]
        return o.transpose(1, 2).reshape(b, t, _heads * _headDim);
    }

    /// <summary>
    /// Decode path: writes k/v into the preallocated cache at [start, start+T) and attends over the first S cache
    /// columns, S being the mask's width (the columns written so far, rounded up to a bucket, so shapes change rarely).
    /// Grouped-query attention without repeating the cache: the Hq/Hkv query heads of one group become query rows.
    /// </summary>
    private Tensor CachedAttention(Tensor q, Tensor k, Tensor v, in AttentionInputs attention)
    {
        long b = q.shape[0], t = q.shape[1], s = attention.Mask!.shape[^1]; // keys attended: the mask's width
        int rep = _heads / _kvHeads;
        var (keys, values) = attention.Cache!.Layer(attention.LayerIndex);                    // [B, Hkv, Smax, D]
        keys.narrow(2, attention.Start, t).copy_(k.transpose(1, 2));
        values.narrow(2, attention.Start, t).copy_(v.transpose(1, 2));
        var qg = t == 1
            ? q.reshape(b, _kvHeads, rep, _headDim)                                           // [B, Hkv, rep, D]
            : q.reshape(b, t, _kvHeads, rep, _headDim).permute(0, 2, 3, 1, 4).reshape(b, _kvHeads, rep * t, _headDim);
        var o = F.scaled_dot_product_attention(qg, keys.narrow(2, 0, s), values.narrow(2, 0, s), attention.Mask); // [B, Hkv, rep*T, D]
        return t == 1
            ? o.reshape(b, 1, _heads * _headDim)
            : o.view(b, _kvHeads, rep, t, _headDim).permute(0, 3, 1, 2, 4).reshape(b, t, _heads * _headDim);
    }

    /// <summary>HF's RMSNorm: normalise in fp32, cast back, then scale.</summary>
    internal static Tensor RmsNorm(Tensor x, Tensor weight, double eps)
    {
        var xf = x.dtype == ScalarType.Float32 ? x : x.to(ScalarType.Float32);
        var inv = xf.square().mean([-1L], keepdim: true).add_(eps).rsqrt_();                   // [.., 1]
        var normed = xf * inv;
        return weight * (normed.dtype == x.dtype ? normed : normed.to(x.dtype));
    }
}

/// <summary>What one forward pass attends to: a padding mask, and for generation the KV cache and write offset.</summary>
/// <param name="Mask">Bool mask (true = may attend): [B, 1, T, T] without cache and for a prefill (Start 0),
/// [B, 1, rep*T, S] for decode steps; null = plain causal.</param>
/// <param name="Cache">The preallocated KV cache (generation), or null (training, scoring).</param>
/// <param name="Start">Cache position of this call's first token.</param>
/// <param name="LayerIndex">Which layer's cache slot to use.</param>
internal readonly record struct AttentionInputs(Tensor? Mask, KvCache? Cache, long Start, int LayerIndex);
