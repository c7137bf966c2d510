using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace R1Gym.Training;

/// <summary>AdamW with linear warm-up and global gradient clipping, shared by the SFT and GRPO trainers.</summary>
internal static class Optimization
{
    public static OptimizerHelper CreateAdamW(nn.Module module, double learningRate, double weightDecay) =>
        optim.AdamW(module.parameters(), learningRate, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: weightDecay);

    /// <summary>Linear warm-up from 0 to <paramref name="peak"/> over <paramref name="warmupSteps"/>, then constant.</summary>
    public static double LearningRateAt(int step, double peak, int warmupSteps) =>
        warmupSteps <= 0 || step >= warmupSteps ? peak : peak * (step + 1) / (warmupSteps + 1);

    public static void SetLearningRate(OptimizerHelper optimizer, double learningRate)
    {
        foreach (var group in optimizer.ParamGroups)
            group.LearningRate = learningRate;
    }

    /// <summary>Clips the global gradient norm when <paramref name="maxNorm"/> &gt; 0; returns the norm before clipping.</summary>
    public static double ClipGradients(nn.Module module, double maxNorm)
    {
        var parameters = module.parameters().Where(p => p.grad is not null).ToList();
        if (parameters.Count == 0)
            return 0;
        if (maxNorm > 0)
            return nn.utils.clip_grad_norm_(parameters, maxNorm);
        using var scope = NewDisposeScope();
        var squares = parameters.Select(p => p.grad!.to_type(ScalarType.Float32).pow(2).sum()).ToList();
        return Math.Sqrt(stack(squares).sum().item<float>());
    }
}
