using System.Text.Json;
using System.Text.Json.Nodes;
using R1Gym.Abstractions;

namespace R1Gym.Model.Tokenization;

/// <summary>An added token of tokenizer.json: matched in the text before any other processing.</summary>
internal sealed record AddedToken(int Id, string Content, bool Special);

/// <summary>What R1Gym reads from a Hugging Face tokenizer.json (byte-level BPE only), plus the JSON itself for saving.</summary>
internal sealed record TokenizerSpec(
    JsonObject Json,
    Dictionary<string, int> Vocab,
    List<string> Merges,
    List<AddedToken> Added,
    string Pattern,
    bool Nfc,
    bool IgnoreMerges)
{
    /// <summary>Largest token id accepted (ids index arrays sized by the largest one).</summary>
    internal const int MaxTokenId = ModelConfig.MaxVocabSize - 1;

    public static TokenizerSpec Parse(JsonObject json, string source)
    {
        var model = JsonFields.Object(json, "model", source) ?? throw Bad(source, "no 'model' object");
        string type = JsonFields.String(model, "type", source) ?? "BPE";
        if (type != "BPE")
            throw Bad(source, $"model type '{type}'; only byte-level BPE (Qwen2, Llama 3, GPT-2 style) is supported");
        if (JsonFields.Bool(model, "byte_fallback", source) == true)
            throw Bad(source, "a SentencePiece-style BPE with byte_fallback; only byte-level BPE is supported");
        var vocabJson = JsonFields.Object(model, "vocab", source) ?? throw Bad(source, "no model.vocab");
        if (vocabJson.Count == 0)
            throw Bad(source, "an empty model.vocab");
        var vocab = vocabJson.ToDictionary(p => p.Key, p => (int)JsonFields.RequiredLong(p.Value, $"model.vocab[\"{Short(p.Key)}\"]", source, 0, MaxTokenId));
        var merges = new List<string>();
        int index = 0;
        foreach (var m in JsonFields.Array(model, "merges", source) ?? [])
        {
            string field = $"model.merges[{index++}]";
            merges.Add(m switch
            {
                JsonArray pair when pair.Count == 2 => JsonFields.String(pair[0], field, source) + " " + JsonFields.String(pair[1], field, source),
                JsonValue s when s.GetValueKind() == JsonValueKind.String && s.GetValue<string>().Contains(' ', StringComparison.Ordinal) => s.GetValue<string>(),
                _ => throw Bad(source, $"a merge entry '{JsonFields.Describe(m)}' that is neither \"a b\" nor [\"a\", \"b\"]"),
            });
        }

        var added = new List<AddedToken>();
        index = 0;
        foreach (var t in JsonFields.Array(json, "added_tokens", source) ?? [])
        {
            string field = $"added_tokens[{index++}]";
            var token = t as JsonObject ?? throw JsonFields.Wrong(source, field, "an object with id and content", t);
            added.Add(new AddedToken(
                (int)JsonFields.RequiredLong(token["id"], field + ".id", source, 0, MaxTokenId),
                JsonFields.String(token, "content", source) is { Length: > 0 } content ? content : throw JsonFields.Wrong(source, field + ".content", "a non-empty string", token["content"]),
                JsonFields.Bool(token, "special", source) ?? false));
        }

        return new TokenizerSpec(json, vocab, merges, added, PreTokenizerPattern(json["pre_tokenizer"], source), IsNfc(json["normalizer"], source),
            JsonFields.Bool(model, "ignore_merges", source) ?? false);
    }

    private static string Short(string key) => key.Length <= 20 ? key : key[..20] + "...";

    private static string TypeOf(JsonNode? node, string field, string source) =>
        JsonFields.String((node as JsonObject ?? throw JsonFields.Wrong(source, field, "an object with a \"type\"", node))["type"], field + ".type", source)
        ?? throw JsonFields.Wrong(source, field + ".type", "a string", null);

    private static bool IsNfc(JsonNode? normalizer, string source)
    {
        if (normalizer is null) return false;
        string type = TypeOf(normalizer, "normalizer", source);
        if (type == "NFC") return true;
        if (type == "Sequence" && normalizer["normalizers"] is JsonArray parts)
        {
            if (parts.Count == 0) return false;
            if (parts.Count == 1) return IsNfc(parts[0], source);
        }

        throw Bad(source, $"normalizer '{JsonFields.Describe(normalizer)}'; only none or NFC is supported");
    }

    private static string PreTokenizerPattern(JsonNode? pre, string source)
    {
        if (pre is null) throw Bad(source, "no pre_tokenizer; byte-level BPE needs a ByteLevel pre-tokenizer");
        string type = TypeOf(pre, "pre_tokenizer", source);
        if (type == "ByteLevel")
        {
            CheckByteLevel(pre.AsObject(), source, requireNoRegex: false);
            return ByteLevel.Gpt2Pattern;
        }

        if (type == "Sequence" && pre["pretokenizers"] is JsonArray { Count: 2 } seq
            && TypeOf(seq[0], "pre_tokenizer.pretokenizers[0]", source) == "Split"
            && TypeOf(seq[1], "pre_tokenizer.pretokenizers[1]", source) == "ByteLevel")
        {
            var split = seq[0]!.AsObject();
            if (JsonFields.String(split, "behavior", source) != "Isolated" || JsonFields.Bool(split, "invert", source) == true)
                throw Bad(source, "a Split pre-tokenizer other than behavior Isolated, invert false");
            CheckByteLevel(seq[1]!.AsObject(), source, requireNoRegex: true);
            var pattern = JsonFields.Object(split, "pattern", source) ?? throw Bad(source, "a Split pre-tokenizer without a pattern");
            var regex = JsonFields.String(pattern, "Regex", source)
                ?? System.Text.RegularExpressions.Regex.Escape(JsonFields.String(pattern, "String", source)
                    ?? throw Bad(source, "a Split pattern with neither Regex nor String"));
            try
            {
                _ = new System.Text.RegularExpressions.Regex(regex, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException e)
            {
                throw Bad(source, $"a Split pattern that is not a valid .NET regular expression ({e.Message})");
            }
            return regex;
        }

        throw Bad(source, $"pre_tokenizer '{JsonFields.Describe(pre)}'; expected ByteLevel or Sequence[Split, ByteLevel]");
    }

    private static void CheckByteLevel(JsonObject byteLevel, string source, bool requireNoRegex)
    {
        if (JsonFields.Bool(byteLevel, "add_prefix_space", source) == true)
            throw Bad(source, "ByteLevel add_prefix_space = true, which R1Gym does not support");
        if (requireNoRegex && JsonFields.Bool(byteLevel, "use_regex", source) != false)
            throw Bad(source, "a ByteLevel pre-tokenizer with use_regex after a Split; expected use_regex false");
    }

    internal static R1GymException Bad(string source, string what) =>
        new($"Unsupported tokenizer '{source}': found {what}. Pass a Hugging Face tokenizer.json of a byte-level BPE tokenizer.");

    internal static JsonObject ReadJson(string path) => JsonFields.ReadObject(path, "a Hugging Face tokenizer JSON object");
}
