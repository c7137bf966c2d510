namespace R1Gym.Tasks.Code.Tests;

public sealed class CodeBlocksTests
{
    [Theory]
    [InlineData("```csharp\nclass A {}\n```", "class A {}\n")]
    [InlineData("```cs\nclass A {}\n```", "class A {}\n")]
    [InlineData("```C#\nclass A {}\n```", "class A {}\n")]
    [InlineData("```\nclass A {}\n```", "class A {}\n")]
    [InlineData("first\n```csharp\nclass A {}\n```\nthen\n```csharp\nclass B {}\n```\n", "class B {}\n")]
    [InlineData("```csharp\nclass A {}\n```\n```python\nprint(1)\n```", "class A {}\n")]
    [InlineData("```csharp\nclass A {}\n```\n```csharp\nclass B {}", "class A {}\n")]
    public void The_last_csharp_or_untagged_block_is_the_answer(string text, string expected)
    {
        var code = CodeBlocks.LastCSharp(text);

        code.Should().Be(expected);
    }

    [Theory]
    [InlineData("```csharp\nclass A {}\n```\nFor example it prints:\n```\n42\n```\n")]
    [InlineData("```csharp\nclass A {}\n```\nUsage:\n```\nSolution.Run();\n```")]
    [InlineData("```csharp\nclass A {}\n```\n```csharp\n\n```")]
    public void A_later_untagged_or_empty_block_does_not_replace_the_csharp_answer(string text)
    {
        var code = CodeBlocks.LastCSharp(text);

        code.Should().Be("class A {}\n");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("public static class Solution {}")]
    [InlineData("```python\nprint(1)\n```")]
    [InlineData("```csharp\n   \n```")]
    [InlineData("```csharp")]
    [InlineData("```csharp\nclass A {}")]
    public void Text_without_a_complete_csharp_block_has_no_answer(string? text)
    {
        var code = CodeBlocks.LastCSharp(text);

        code.Should().BeNull();
    }

    [Fact]
    public void Thousands_of_unclosed_fences_are_scanned_without_trouble()
    {
        var text = string.Concat(Enumerable.Repeat("```csharp\n", 20_000));

        var code = CodeBlocks.LastCSharp(text);

        code.Should().BeNull();
    }
}
