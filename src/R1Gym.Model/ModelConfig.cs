using System.Text.Json;
using System.Text.Json.Nodes;
using R1Gym.Abstractions;

namespace R1Gym.Model;

/// <summary>
/// The shape of a Qwen2/Llama decoder, as Hugging Face's <c>config.json</c> holds it. Reads what transformers 4.x
/// writes (top-level <c>rope_theta</c>) and what 5.x writes (<c>rope_parameters.rope_theta</c>); writes both.
/// </summary>
public sealed record ModelConfig
{
    /// <summary>"qwen2" (default) or "llama".</summary>
    public string ModelType { get; init; } = "qwen2";
    public int VocabSize { get; init; }
    public int HiddenSize { get; init; }
    public int IntermediateSize { get; init; }
    public int NumHiddenLayers { get; init; }
    public int NumAttentionHeads { get; init; }
    public int NumKeyValueHeads { get; init; }
    /// <summary>Defaults to 4096.</summary>
    public int MaxPositionEmbeddings { get; init; } = 4096;
    /// <summary>Defaults to 1e-6 (Qwen2).</summary>
    public double RmsNormEps { get; init; } = 1e-6;
    /// <summary>Defaults to 10000.</summary>
    public double RopeTheta { get; init; } = 10000;
    public bool TieWordEmbeddings { get; init; }
    /// <summary>Bias on the q/k/v projections: true for Qwen2, false for Llama.</summary>
    public bool AttentionBias { get; init; }
    public int? BosTokenId { get; init; }
    public int? EosTokenId { get; init; }

    /// <summary>Per-head width: hidden size / attention heads.</summary>
    public int HeadDim => HiddenSize / NumAttentionHeads;

    /// <summary>Named shapes: "tiny" (CPU tests and demos), "50m", "0.5b" (Qwen2.5-0.5B), as shared/bench/hf_baseline.py has them.</summary>
    public static ModelConfig Preset(string name) => name.ToLowerInvariant() switch
    {
        "tiny" => new ModelConfig
        {
            VocabSize = 1024, HiddenSize = 128, IntermediateSize = 352, NumHiddenLayers = 4, NumAttentionHeads = 4,
            NumKeyValueHeads = 2, TieWordEmbeddings = false, RopeTheta = 10000, AttentionBias = true,
        },
        "50m" => new ModelConfig
        {
            VocabSize = 8192, HiddenSize = 512, IntermediateSize = 1408, NumHiddenLayers = 8, NumAttentionHeads = 8,
            NumKeyValueHeads = 4, TieWordEmbeddings = true, RopeTheta = 10000, AttentionBias = true,
        },
        "0.5b" => new ModelConfig
        {
            VocabSize = 151936, HiddenSize = 896, IntermediateSize = 4864, NumHiddenLayers = 24, NumAttentionHeads = 14,
            NumKeyValueHeads = 2, TieWordEmbeddings = true, RopeTheta = 1000000, AttentionBias = true,
            MaxPositionEmbeddings = 32768, BosTokenId = 151643, EosTokenId = 151643,
        },
        _ => throw new R1GymException($"Unknown model preset '{name}'. Expected one of: tiny, 50m, 0.5b."),
    };

    /// <summary>Checks the shape is usable and reports every problem at once.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (ModelType is not ("qwen2" or "llama")) errors.Add($"model_type must be qwen2 or llama, found '{ModelType}'");
        if (VocabSize is <= 0 or > MaxVocabSize) errors.Add($"vocab_size must lie in [1, {MaxVocabSize}], found {VocabSize}");
        if (HiddenSize is <= 0 or > MaxHiddenSize) errors.Add($"hidden_size must lie in [1, {MaxHiddenSize}], found {HiddenSize}");
        if (IntermediateSize is <= 0 or > MaxIntermediateSize) errors.Add($"intermediate_size must lie in [1, {MaxIntermediateSize}], found {IntermediateSize}");
        if (NumHiddenLayers is <= 0 or > MaxLayers) errors.Add($"num_hidden_layers must lie in [1, {MaxLayers}], found {NumHiddenLayers}");
        if (MaxPositionEmbeddings is <= 0 or > MaxPositions) errors.Add($"max_position_embeddings must lie in [1, {MaxPositions}], found {MaxPositionEmbeddings}");
        if (NumAttentionHeads <= 0 || HiddenSize % Math.Max(1, NumAttentionHeads) != 0)
            errors.Add($"num_attention_heads ({NumAttentionHeads}) must divide hidden_size ({HiddenSize})");
        else if (HeadDim % 2 != 0) errors.Add($"head dimension must be even for rotary embeddings, found {HeadDim}");
        if (NumKeyValueHeads <= 0 || NumAttentionHeads % Math.Max(1, NumKeyValueHeads) != 0)
            errors.Add($"num_key_value_heads ({NumKeyValueHeads}) must divide num_attention_heads ({NumAttentionHeads})");
        if (!(RopeTheta > 0) || !double.IsFinite(RopeTheta)) errors.Add($"rope_theta must be positive, found {RopeTheta}");
        if (!(RmsNormEps > 0) || !double.IsFinite(RmsNormEps)) errors.Add($"rms_norm_eps must be positive, found {RmsNormEps}");
        if (ModelType == "qwen2" && !AttentionBias)
            errors.Add("a qwen2 model always has q/k/v biases (Hugging Face's Qwen2 cannot load one without them); set AttentionBias = true, or use model_type llama for a model without biases");
        if (errors.Count > 0)
            throw new R1GymException("Invalid model config: " + string.Join("; ", errors) + ".");
    }

    /// <summary>Reads a Hugging Face config.json (a file, or a folder holding one).</summary>
    public static ModelConfig Load(string configJsonPath)
    {
        ArgumentNullException.ThrowIfNull(configJsonPath);
        string path = Directory.Exists(configJsonPath) ? Path.Combine(configJsonPath, "config.json") : configJsonPath;
        if (!File.Exists(path))
            throw new R1GymException($"Model config not found: expected a config.json at '{path}'. Pass a Hugging Face model folder.");
        var json = JsonFields.ReadObject(path, "a Hugging Face config.json object");
        return FromJson(json, path);
    }

    internal static ModelConfig FromJson(JsonObject json, string source)
    {
        string type = JsonFields.String(json, "model_type", source) ?? "qwen2";
        int hidden = Required(json, "hidden_size", source);
        int heads = Required(json, "num_attention_heads", source);
        var ropeParameters = JsonFields.Object(json, "rope_parameters", source);
        double theta = JsonFields.Number(ropeParameters?["rope_theta"], "rope_parameters.rope_theta", source, 0, 1e12)
            ?? JsonFields.Number(json["rope_theta"], "rope_theta", source, 0, 1e12) ?? 10000;
        var config = new ModelConfig
        {
            ModelType = type,
            VocabSize = Required(json, "vocab_size", source),
            HiddenSize = hidden,
            IntermediateSize = Required(json, "intermediate_size", source),
            NumHiddenLayers = Required(json, "num_hidden_layers", source),
            NumAttentionHeads = heads,
            NumKeyValueHeads = JsonFields.Int(json, "num_key_value_heads", source, int.MinValue, int.MaxValue) ?? heads,
            MaxPositionEmbeddings = JsonFields.Int(json, "max_position_embeddings", source, int.MinValue, int.MaxValue) ?? 4096,
            RmsNormEps = JsonFields.Number(json["rms_norm_eps"], "rms_norm_eps", source, 0, 1) ?? 1e-6,
            RopeTheta = theta,
            TieWordEmbeddings = JsonFields.Bool(json, "tie_word_embeddings", source) ?? false,
            AttentionBias = JsonFields.Bool(json, "attention_bias", source) ?? type == "qwen2",
            BosTokenId = TokenId(json, "bos_token_id", source),
            EosTokenId = TokenId(json, "eos_token_id", source),
        };
        if (JsonFields.Int(json, "head_dim", source, 1, MaxHiddenSize) is int hd && heads > 0 && hd != config.HeadDim)
            throw new R1GymException($"'{source}': head_dim {hd} differs from hidden_size / num_attention_heads = {config.HeadDim}; such models are not supported.");
        if (json["rope_scaling"] is JsonObject || JsonFields.String(ropeParameters?["rope_type"], "rope_parameters.rope_type", source) is string rt && rt != "default")
            throw new R1GymException($"'{source}': RoPE scaling is not supported; expected rope_type 'default'.");
        try
        {
            config.Validate();
        }
        catch (R1GymException e)
        {
            throw new R1GymException($"'{source}': {e.Message} Fix those fields in that file.", e);
        }
        return config;
    }

    /// <summary>Writes config.json as transformers 5.x reads it (also readable by 4.x).</summary>
    public void Save(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string file = Directory.Exists(path) ? Path.Combine(path, "config.json") : path;
        var json = new JsonObject
        {
            ["architectures"] = new JsonArray(ModelType == "llama" ? "LlamaForCausalLM" : "Qwen2ForCausalLM"),
            ["model_type"] = ModelType,
            ["vocab_size"] = VocabSize,
            ["hidden_size"] = HiddenSize,
            ["intermediate_size"] = IntermediateSize,
            ["num_hidden_layers"] = NumHiddenLayers,
            ["num_attention_heads"] = NumAttentionHeads,
            ["num_key_value_heads"] = NumKeyValueHeads,
            ["max_position_embeddings"] = MaxPositionEmbeddings,
            ["rms_norm_eps"] = RmsNormEps,
            ["rope_theta"] = RopeTheta,
            ["rope_parameters"] = new JsonObject { ["rope_theta"] = RopeTheta, ["rope_type"] = "default" },
            ["hidden_act"] = "silu",
            ["tie_word_embeddings"] = TieWordEmbeddings,
            ["bos_token_id"] = BosTokenId,
            ["eos_token_id"] = EosTokenId,
            ["use_cache"] = true,
        };
        if (ModelType == "llama")
        {
            json["attention_bias"] = AttentionBias;
            json["mlp_bias"] = false;
        }

        File.WriteAllText(file, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    // Upper bounds far above any released Qwen2/Llama shape, low enough that the tensors they imply can be allocated.
    internal const int MaxVocabSize = 1 << 22, MaxHiddenSize = 1 << 16, MaxIntermediateSize = 1 << 18, MaxLayers = 1024, MaxHeads = 1024;

    /// <summary>The largest max_position_embeddings accepted (2,097,152), and so the most tokens one sequence may hold.</summary>
    public const int MaxPositions = 1 << 21;

    // Only the type is checked here; Validate reports every range problem at once.
    private static int Required(JsonObject json, string name, string source) =>
        JsonFields.Int(json, name, source, int.MinValue, int.MaxValue)
        ?? throw new R1GymException($"'{source}' has no '{name}'; expected a Hugging Face Qwen2/Llama config.json.");

    // Llama 3 configs may list several EOS ids; the first is the one generation stops on by default.
    private static int? TokenId(JsonObject json, string name, string source) => json[name] switch
    {
        null => null,
        JsonArray { Count: > 0 } array => (int?)JsonFields.Long(array[0], name + "[0]", source, 0, MaxVocabSize),
        JsonArray => null,
        var node => (int?)JsonFields.Long(node, name, source, 0, MaxVocabSize),
    };
}
