using System.Diagnostics;
using static TorchSharp.torch;

namespace R1Gym.Model.Tests;

public sealed class TmpMemProbe
{
    [Fact]
    public void Probe()
    {
        var tok = TextTokenizer.TrainCharLevel([], []);
        using var model = CausalLM.Create(ModelConfig.Preset("tiny") with { VocabSize = 151936, HiddenSize = 64, IntermediateSize = 64, NumHiddenLayers = 1 }, CPU, ScalarType.Float32, 1);
        var prompts = Enumerable.Range(0, 16).Select(_ => (IReadOnlyList<int>)new[] { 1, 2, 3 }).ToList();
        Generator.Generate(model, tok, prompts, new SamplingOptions { MaxNewTokens = 4, IgnoreEos = true });
        long w0 = Process.GetCurrentProcess().WorkingSet64;
        Generator.Generate(model, tok, prompts, new SamplingOptions { MaxNewTokens = 64, IgnoreEos = true });
        Process.GetCurrentProcess().Refresh();
        long peak = Process.GetCurrentProcess().PeakWorkingSet64;
        Console.Error.WriteLine($"PROBE w0={w0 >> 20}MiB peak={peak >> 20}MiB");
        (peak - w0).Should().BeLessThan(0);
    }
}
