using R1Gym.Training.Distillation;
using static TorchSharp.torch;

namespace R1Gym.Training.Tests.Distillation;

public sealed class DistillationLossTests
{
    // Teacher logits [ln 3, 0] give p = [0.75, 0.25]; student logits [0, 0] give q = [0.5, 0.5].
    private static Tensor Teacher() => tensor(new[] { (float)Math.Log(3), 0f }).reshape(1, 1, 2);   // [B=1, T=1, V=2]

    private static Tensor Student(bool grad = false) => zeros(1, 1, 2, requires_grad: grad);        // [1, 1, 2]

    [Fact]
    public void Forward_kl_matches_the_hand_computed_value()
    {
        // KL(p || q) = 0.75 ln(0.75/0.5) + 0.25 ln(0.25/0.5)
        var loss = DistillationLoss.PerToken(Student(), Teacher(), KdDivergence.Forward);

        loss.shape.Should().Equal(1, 1);
        loss.item<float>().Should().BeApproximately(0.130812036f, 1e-6f);
    }

    [Fact]
    public void Reverse_kl_matches_the_hand_computed_value()
    {
        // KL(q || p) = 0.5 ln(0.5/0.75) + 0.5 ln(0.5/0.25)
        var loss = DistillationLoss.PerToken(Student(), Teacher(), KdDivergence.Reverse);

        loss.item<float>().Should().BeApproximately(0.143841036f, 1e-6f);
    }

    [Fact]
    public void Temperature_softens_both_distributions_and_scales_the_loss_by_its_square()
    {
        // At tau = 2, p = [sqrt3, 1] / (1 + sqrt3); KL(p || q) * 4.
        var loss = DistillationLoss.PerToken(Student(), Teacher(), KdDivergence.Forward, temperature: 2.0);

        loss.item<float>().Should().BeApproximately(0.145363131f, 1e-6f);
    }

    [Fact]
    public void Forward_kl_gradient_is_student_minus_teacher_probabilities()
    {
        var student = Student(grad: true);

        DistillationLoss.PerToken(student, Teacher(), KdDivergence.Forward).sum().backward();

        var grad = student.grad!.reshape(2).data<float>().ToArray();
        grad[0].Should().BeApproximately(0.5f - 0.75f, 1e-6f);
        grad[1].Should().BeApproximately(0.5f - 0.25f, 1e-6f);
    }

    [Fact]
    public void Top_k_distillation_renormalises_both_distributions_over_the_teachers_top_tokens()
    {
        // The third token is outside the teacher's top 2; the student's large logit there must not count.
        var teacher = tensor(new[] { (float)Math.Log(3), 0f, -100f }).reshape(1, 1, 3);     // [1, 1, 3]
        var student = tensor(new[] { 0f, 0f, 5f }).reshape(1, 1, 3);                          // [1, 1, 3]

        var (values, indices) = DistillationLoss.TopK(teacher, 2);
        var loss = DistillationLoss.PerTokenTopK(student, values, indices, KdDivergence.Forward);

        indices.reshape(2).data<long>().ToArray().Should().Equal(0L, 1L);
        loss.item<float>().Should().BeApproximately(0.130812036f, 1e-6f);
    }

    [Fact]
    public void Identical_distributions_have_zero_loss_in_both_directions()
    {
        var logits = tensor(new[] { 1f, -2f, 0.5f, 3f, 0f, 0f }).reshape(1, 2, 3);              // [1, 2, 3]

        DistillationLoss.PerToken(logits, logits, KdDivergence.Forward).abs().max().item<float>().Should().BeLessThan(1e-6f);
        DistillationLoss.PerToken(logits, logits, KdDivergence.Reverse).abs().max().item<float>().Should().BeLessThan(1e-6f);
    }

    [Fact]
    public void Masked_sum_counts_only_completion_tokens_over_the_batch_count()
    {
        var perToken = tensor(new[] { 1f, 2f, 3f, 4f }).reshape(2, 2);                         // [2, 2]
        var mask = tensor(new[] { 0f, 1f, 1f, 1f }).reshape(2, 2);                             // [2, 2]

        DistillationLoss.MaskedSum(perToken, mask, 3).item<float>().Should().BeApproximately(3f, 1e-6f);
    }

    [Fact]
    public void Logits_of_different_vocabularies_are_refused()
    {
        var act = () => DistillationLoss.PerToken(zeros(1, 1, 3), zeros(1, 1, 2), KdDivergence.Forward);

        act.Should().Throw<ArgumentException>().WithMessage("*shared tokenizer*");
    }
}
