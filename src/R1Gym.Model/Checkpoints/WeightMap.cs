using R1Gym.Abstractions;
using static TorchSharp.torch;

namespace R1Gym.Model.Checkpoints;

/// <summary>Maps Hugging Face weight names onto the model's fused parameters (q|k|v and gate|up concatenated on dim 0).</summary>
internal static class WeightMap
{
    /// <summary>Copies HF-named CPU tensors into the model (casting to its dtype and device); every expected weight must be present.</summary>
    public static void CopyInto(CausalLM model, IReadOnlyDictionary<string, Tensor> weights, string source)
    {
        var missing = new List<string>();
        Tensor Get(string name)
        {
            if (weights.TryGetValue(name, out var t)) return t;
            missing.Add(name);
            return empty(0);
        }

        var c = model.Config;
        using var grad = no_grad();
        using var scope = NewDisposeScope();
        Copy(model.EmbedTokens, Get("model.embed_tokens.weight"), "model.embed_tokens.weight");
        Copy(model.Norm, Get("model.norm.weight"), "model.norm.weight");
        if (model.LmHead is not null) Copy(model.LmHead, Get("lm_head.weight"), "lm_head.weight");
        for (int i = 0; i < c.NumHiddenLayers; i++)
        {
            string p = $"model.layers.{i}.";
            var layer = model.Layers[i];
            Copy(layer.InputNorm, Get(p + "input_layernorm.weight"), p + "input_layernorm.weight");
            Copy(layer.PostNorm, Get(p + "post_attention_layernorm.weight"), p + "post_attention_layernorm.weight");
            Copy(layer.OWeight, Get(p + "self_attn.o_proj.weight"), p + "self_attn.o_proj.weight");
            Copy(layer.DownWeight, Get(p + "mlp.down_proj.weight"), p + "mlp.down_proj.weight");
            var q = Get(p + "self_attn.q_proj.weight");
            var k = Get(p + "self_attn.k_proj.weight");
            var v = Get(p + "self_attn.v_proj.weight");
            if (missing.Count == 0) Copy(layer.QkvWeight, cat([q, k, v], 0), p + "self_attn.{q,k,v}_proj.weight");
            if (layer.QkvBias is not null)
            {
                var qb = Get(p + "self_attn.q_proj.bias");
                var kb = Get(p + "self_attn.k_proj.bias");
                var vb = Get(p + "self_attn.v_proj.bias");
                if (missing.Count == 0) Copy(layer.QkvBias, cat([qb, kb, vb], 0), p + "self_attn.{q,k,v}_proj.bias");
            }

            var gate = Get(p + "mlp.gate_proj.weight");
            var up = Get(p + "mlp.up_proj.weight");
            if (missing.Count == 0) Copy(layer.GateUpWeight, cat([gate, up], 0), p + "mlp.{gate,up}_proj.weight");
        }

        if (missing.Count > 0)
            throw new R1GymException($"'{source}' lacks {missing.Count} weight(s) this {c.ModelType} config needs, e.g. {string.Join(", ", missing.Take(5))}. Is config.json from the same model?");

        void Copy(Tensor target, Tensor value, string name)
        {
            if (missing.Count > 0) return;
            if (!target.shape.SequenceEqual(value.shape))
                throw new R1GymException($"'{source}': weight {name} has shape [{string.Join(", ", value.shape)}], config.json implies [{string.Join(", ", target.shape)}].");
            target.copy_(value);
        }
    }

    /// <summary>
    /// Checks, before the model is allocated, that the checkpoint's largest weights have the shapes config.json implies
    /// and that it has no layers beyond the config's: a config.json that is too large fails here instead of allocating.
    /// </summary>
    public static void CheckBeforeAllocating(ModelConfig config, IReadOnlyDictionary<string, Tensor> weights, string source)
    {
        CheckLayerCount(weights.Keys, config.NumHiddenLayers, source);
        Expect("model.embed_tokens.weight", config.VocabSize, config.HiddenSize);
        Expect("model.layers.0.mlp.gate_proj.weight", config.IntermediateSize, config.HiddenSize);

        void Expect(string name, long rows, long columns)
        {
            if (weights.TryGetValue(name, out var t) && !t.shape.SequenceEqual([rows, columns]))
                throw new R1GymException($"'{source}': weight {name} has shape [{string.Join(", ", t.shape)}], config.json implies [{rows}, {columns}]. " +
                    "Is config.json from the same model?");
        }
    }

    /// <summary>
    /// Weights of layers the config does not have (a config.json with too small a num_hidden_layers, or weights of
    /// another model) would otherwise be ignored silently and the model would compute something else.
    /// </summary>
    private static void CheckLayerCount(IEnumerable<string> names, int layers, string source)
    {
        const string prefix = "model.layers.";
        int highest = -1;
        foreach (var name in names)
        {
            if (!name.StartsWith(prefix, StringComparison.Ordinal)) continue;
            int dot = name.IndexOf('.', prefix.Length);
            if (dot > prefix.Length && int.TryParse(name.AsSpan(prefix.Length, dot - prefix.Length), System.Globalization.NumberStyles.None,
                    System.Globalization.CultureInfo.InvariantCulture, out int layer))
                highest = Math.Max(highest, layer);
        }

        if (highest >= layers)
            throw new R1GymException($"'{source}' holds weights for {highest + 1} layers (up to model.layers.{highest}), but config.json says num_hidden_layers = {layers}. " +
                "Fix num_hidden_layers in config.json, or use the config.json that came with these weights.");
    }

    /// <summary>The model's weights under HF names, split back into q/k/v and gate/up (views; the caller disposes the scope).</summary>
    public static List<KeyValuePair<string, Tensor>> Export(CausalLM model)
    {
        var c = model.Config;
        long q = (long)c.NumAttentionHeads * c.HeadDim, kv = (long)c.NumKeyValueHeads * c.HeadDim, inter = c.IntermediateSize;
        var list = new List<KeyValuePair<string, Tensor>> { new("model.embed_tokens.weight", model.EmbedTokens.detach()) };
        for (int i = 0; i < c.NumHiddenLayers; i++)
        {
            string p = $"model.layers.{i}.";
            var layer = model.Layers[i];
            var w = layer.QkvWeight.detach();
            list.Add(new(p + "self_attn.q_proj.weight", w.narrow(0, 0, q)));
            list.Add(new(p + "self_attn.k_proj.weight", w.narrow(0, q, kv)));
            list.Add(new(p + "self_attn.v_proj.weight", w.narrow(0, q + kv, kv)));
            if (layer.QkvBias is not null)
            {
                var b = layer.QkvBias.detach();
                list.Add(new(p + "self_attn.q_proj.bias", b.narrow(0, 0, q)));
                list.Add(new(p + "self_attn.k_proj.bias", b.narrow(0, q, kv)));
                list.Add(new(p + "self_attn.v_proj.bias", b.narrow(0, q + kv, kv)));
            }

            list.Add(new(p + "self_attn.o_proj.weight", layer.OWeight.detach()));
            var gu = layer.GateUpWeight.detach();
            list.Add(new(p + "mlp.gate_proj.weight", gu.narrow(0, 0, inter)));
            list.Add(new(p + "mlp.up_proj.weight", gu.narrow(0, inter, inter)));
            list.Add(new(p + "mlp.down_proj.weight", layer.DownWeight.detach()));
            list.Add(new(p + "input_layernorm.weight", layer.InputNorm.detach()));
            list.Add(new(p + "post_attention_layernorm.weight", layer.PostNorm.detach()));
        }

        list.Add(new("model.norm.weight", model.Norm.detach()));
        if (model.LmHead is not null) list.Add(new("lm_head.weight", model.LmHead.detach()));
        return list;
    }
}
