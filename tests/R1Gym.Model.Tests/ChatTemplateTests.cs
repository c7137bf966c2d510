using R1Gym.Abstractions;

namespace R1Gym.Model.Tests;

public sealed class ChatTemplateTests
{
    [Fact]
    public void The_r1_template_puts_the_question_after_the_system_text_and_opens_think()
    {
        string prompt = ChatTemplate.R1.Render("What is 2+3?");

        prompt.Should().StartWith("A conversation between User and Assistant.");
        prompt.Should().Contain("User: What is 2+3?\n");
        prompt.Should().EndWith("Assistant: <think>\n");
    }

    [Fact]
    public void An_empty_system_text_leaves_only_the_turns()
    {
        ChatTemplate.Named("chatml-r1").Render("hi", "").Should().Be("<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n<think>\n");
    }

    [Fact]
    public void A_template_file_is_read_as_data()
    {
        string path = Path.GetTempFileName();
        File.WriteAllText(path, """{"name":"qa","default_system":"","system_format":"{system}\n","user_format":"Q: {user}\n","assistant_prefix":"A:"}""");

        var template = ChatTemplate.Load(path);

        template.Render("1+1?").Should().Be("Q: 1+1?\nA:");
        File.Delete(path);
    }

    [Fact]
    public void An_unknown_template_name_is_rejected_with_the_known_names()
    {
        var act = () => ChatTemplate.Named("nope");

        act.Should().Throw<R1GymException>().WithMessage("*r1*");
    }
}
