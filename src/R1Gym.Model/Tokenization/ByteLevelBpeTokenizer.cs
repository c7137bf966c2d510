using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;
using R1Gym.Abstractions;

namespace R1Gym.Model.Tokenization;

/// <summary>
/// A Hugging Face byte-level BPE tokenizer (Qwen2, Llama 3, GPT-2 layouts) with the pipeline of `tokenizers`:
/// split out added tokens, NFC-normalise (when configured), split with the pre-tokenizer regex, then BPE each
/// piece (Microsoft.ML.Tokenizers' BPE model in byte-level mode). ignore_merges (Llama 3): a piece that is a
/// whole vocabulary entry is taken as is.
/// </summary>
internal sealed class ByteLevelBpeTokenizer : ITextTokenizer
{
    private static readonly string[] EosCandidates = ["<|endoftext|>", "<|im_end|>", "<|end_of_text|>", "<|eot_id|>", "</s>"];
    private static readonly string[] PadCandidates = ["<|pad|>", "<pad>", "<|endoftext|>", "<|finetune_right_pad_id|>"];

    private readonly TokenizerSpec _spec;
    private readonly BpeTokenizer _bpe;
    private readonly Regex _pattern;
    private readonly Dictionary<string, int> _tokenToId;
    private readonly string?[] _idToToken;
    private readonly HashSet<int> _addedIds;
    private readonly Dictionary<char, AddedToken[]> _addedByFirstChar;
    private readonly string _eos, _pad;
    private readonly string? _bos;

    public ByteLevelBpeTokenizer(TokenizerSpec spec, string? eosToken, string? padToken, string? bosToken, string source)
    {
        _spec = spec;
        try
        {
            _bpe = BpeTokenizer.Create(new BpeOptions(spec.Vocab) { Merges = spec.Merges, ByteLevel = true });
            _pattern = new Regex(spec.Pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            throw TokenizerSpec.Bad(source, $"a vocabulary, merges or pattern that Microsoft.ML.Tokenizers rejects ({e.Message})");
        }

        _tokenToId = new Dictionary<string, int>(spec.Vocab);
        foreach (var a in spec.Added) _tokenToId[a.Content] = a.Id;
        VocabSize = _tokenToId.Values.Max() + 1;
        _idToToken = new string?[VocabSize];
        foreach (var (token, id) in _tokenToId) _idToToken[id] = token;
        _addedIds = spec.Added.Select(a => a.Id).ToHashSet();
        _addedByFirstChar = spec.Added.Where(a => a.Content.Length > 0).GroupBy(a => a.Content[0])
            .ToDictionary(g => g.Key, g => g.OrderByDescending(a => a.Content.Length).ToArray());
        _eos = eosToken ?? EosCandidates.FirstOrDefault(_tokenToId.ContainsKey)
            ?? throw new R1GymException($"Tokenizer '{source}' names no EOS token and has none of {string.Join(", ", EosCandidates)}; add tokenizer_config.json with \"eos_token\".");
        _pad = padToken ?? PadCandidates.FirstOrDefault(_tokenToId.ContainsKey) ?? _eos;
        _bos = bosToken;
        foreach (var name in new[] { _eos, _pad, _bos })
            if (name is not null && !_tokenToId.ContainsKey(name))
                throw new R1GymException($"Tokenizer '{source}': special token '{name}' from tokenizer_config.json is not in the vocabulary.");
    }

    public int VocabSize { get; }
    public int EosId => _tokenToId[_eos];
    public int PadId => _tokenToId[_pad];
    public int? BosId => _bos is null ? null : _tokenToId[_bos];

    public IReadOnlyList<int> Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>(text.Length / 3 + 4);
        int start = 0;
        for (int i = 0; i < text.Length;)
        {
            var added = MatchAdded(text, i);
            if (added is null)
            {
                i++;
                continue;
            }

            EncodeSegment(text[start..i], ids);
            ids.Add(added.Id);
            i += added.Content.Length;
            start = i;
        }

        EncodeSegment(text[start..], ids);
        return ids;
    }

    public string Decode(IEnumerable<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var text = new StringBuilder();
        var bytes = new List<byte>();
        foreach (int id in ids)
        {
            string token = id >= 0 && id < _idToToken.Length ? _idToToken[id] ?? "" : "";
            if (_addedIds.Contains(id))
            {
                Flush();
                text.Append(token);
                continue;
            }

            foreach (char c in token)
                if (ByteLevel.CharToByte.TryGetValue(c, out byte b)) bytes.Add(b);
        }

        Flush();
        return text.ToString();

        void Flush()
        {
            if (bytes.Count == 0) return;
            text.Append(Encoding.UTF8.GetString(bytes.ToArray()));
            bytes.Clear();
        }
    }

    public string IdToToken(int id) => id >= 0 && id < _idToToken.Length ? _idToToken[id] ?? "" : "";

    public int? TokenToId(string token) => _tokenToId.TryGetValue(token, out int id) ? id : null;

    public void Save(string dir)
    {
        ArgumentNullException.ThrowIfNull(dir);
        Directory.CreateDirectory(dir);
        var indented = new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        File.WriteAllText(Path.Combine(dir, "tokenizer.json"), _spec.Json.ToJsonString(indented));
        var config = new JsonObject
        {
            ["tokenizer_class"] = "PreTrainedTokenizerFast",
            ["eos_token"] = _eos,
            ["pad_token"] = _pad,
            ["bos_token"] = _bos,
            ["model_max_length"] = 131072,
        };
        File.WriteAllText(Path.Combine(dir, "tokenizer_config.json"), config.ToJsonString(indented));
    }

    private AddedToken? MatchAdded(string text, int at)
    {
        if (!_addedByFirstChar.TryGetValue(text[at], out var candidates)) return null;
        foreach (var a in candidates)
            if (string.CompareOrdinal(text, at, a.Content, 0, a.Content.Length) == 0) return a;
        return null;
    }

    private void EncodeSegment(string segment, List<int> ids)
    {
        if (segment.Length == 0) return;
        if (_spec.Nfc) segment = segment.Normalize(NormalizationForm.FormC);
        int last = 0;
        for (var m = _pattern.Match(segment); m.Success; m = m.NextMatch())
        {
            if (m.Index > last) EncodePiece(segment[last..m.Index], ids); // text the pattern skips is its own piece (Isolated)
            if (m.Length > 0) EncodePiece(m.Value, ids);
            last = m.Index + m.Length;
        }

        if (last < segment.Length) EncodePiece(segment[last..], ids);
    }

    private void EncodePiece(string piece, List<int> ids)
    {
        if (_spec.IgnoreMerges && _spec.Vocab.TryGetValue(ByteLevel.Encode(Encoding.UTF8.GetBytes(piece)), out int whole))
        {
            ids.Add(whole);
            return;
        }

        ids.AddRange(_bpe.EncodeToIds(piece, considerPreTokenization: false, considerNormalization: false));
    }
}
