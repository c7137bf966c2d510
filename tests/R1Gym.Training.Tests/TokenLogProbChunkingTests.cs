using R1Gym.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace R1Gym.Training.Tests;

public sealed class TokenLogProbChunkingTests
{
    [Fact]
    public void Log_probs_entropy_and_gradient_in_chunks_of_positions_equal_one_log_softmax_over_everything()
    {
        using var scope = NewDisposeScope();
        var generator = new TorchSharp.torch.Generator(7, CPU);
        var logits = randn([3, 10, 17], generator: generator).mul_(3).requires_grad_(true);      // [B, T, V]
        var targets = randint(17, [3, 10], generator: generator);                                // [B, T]
        var reference = (logits / 0.7).log_softmax(-1);                                          // [B, T, V]
        var expected = reference.gather(-1, targets.unsqueeze(-1)).squeeze(-1);                  // [B, T]
        var expectedEntropy = -(reference.exp() * reference).sum(-1);
        var expectedGrad = autograd.grad([expected.sum()], [logits])[0];

        // 3 x 17 values per position: a chunk of 2 positions leaves a short last chunk
        var (chunked, entropy) = PolicyLoss.TokenLogProbs(logits, targets, 0.7, withEntropy: true, chunkElements: 3 * 17 * 2);
        var grad = autograd.grad([chunked.sum()], [logits])[0];

        chunked.shape.Should().Equal(3, 10);
        chunked.allclose(expected, rtol: 1e-5, atol: 1e-5).Should().BeTrue();
        entropy!.allclose(expectedEntropy, rtol: 1e-5, atol: 1e-5).Should().BeTrue();
        grad.allclose(expectedGrad, rtol: 1e-5, atol: 1e-5).Should().BeTrue();
    }
}
