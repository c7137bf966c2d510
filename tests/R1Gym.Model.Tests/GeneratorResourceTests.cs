using TorchSharp;
using static TorchSharp.torch;

namespace R1Gym.Model.Tests;

public sealed class GeneratorResourceTests
{
    [Fact]
    public void Generation_leaves_no_live_tensors_behind()
    {
        // Given a warmed-up model (its rotary tables are allocated once and kept)
        var tok = TextTokenizer.TrainCharLevel([], []);
        using var model = CausalLM.Create(ModelConfig.Preset("tiny") with { VocabSize = 300, NumHiddenLayers = 1 }, CPU, ScalarType.Float32, 1);
        var prompts = new List<IReadOnlyList<int>> { new[] { 1, 2, 3 }, new[] { 4, 5 } };
        Generator.Generate(model, tok, prompts, new SamplingOptions { MaxNewTokens = 5, IgnoreEos = true });

        // When generating again
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        Generator.Generate(model, tok, prompts, new SamplingOptions { MaxNewTokens = 20, IgnoreEos = true });
        long after = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        // Then every tensor of the run was freed
        (after - before).Should().Be(0);
    }
}
