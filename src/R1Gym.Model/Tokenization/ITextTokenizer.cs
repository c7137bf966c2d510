namespace R1Gym.Model;

/// <summary>Text to token ids and back, with the ids generation and training need.</summary>
public interface ITextTokenizer
{
    /// <summary>Largest id + 1 (base vocabulary and added tokens).</summary>
    int VocabSize { get; }

    /// <summary>The id generation stops on.</summary>
    int EosId { get; }

    /// <summary>The id used to pad batches (may equal <see cref="EosId"/>).</summary>
    int PadId { get; }

    int? BosId { get; }

    /// <summary>Encodes text; no special tokens are added unless the text contains them.</summary>
    IReadOnlyList<int> Encode(string text);

    /// <summary>Decodes ids (special tokens included as text); invalid UTF-8 becomes U+FFFD as in `tokenizers`.</summary>
    string Decode(IEnumerable<int> ids);

    /// <summary>The id of a vocabulary or added token, or null.</summary>
    int? TokenToId(string token);

    /// <summary>Writes tokenizer.json (HF format) and tokenizer_config.json into a folder.</summary>
    void Save(string dir);
}
