using R1Gym.Model;

namespace R1Gym.Recipes.Demo;

/// <summary>The from-scratch Qwen2-shaped model both demos train: tied embeddings, MLP three times as wide, full KV heads.</summary>
internal static class TinyModel
{
    public static ModelConfig Config(ITextTokenizer tokenizer, int hiddenSize, int layers, int heads) => new()
    {
        VocabSize = tokenizer.VocabSize,
        HiddenSize = hiddenSize,
        IntermediateSize = hiddenSize * 3,
        NumHiddenLayers = layers,
        NumAttentionHeads = heads,
        NumKeyValueHeads = heads,
        MaxPositionEmbeddings = 512,
        TieWordEmbeddings = true,
        AttentionBias = true,
        EosTokenId = tokenizer.EosId,
    };
}
