using ActressOnnx.Train.Gather;

namespace ActressOnnx.Train.Tests.Gather;

public sealed class ClassSpecTests
{
    [Theory]
    [InlineData("jessica=jessica chastain", "Bing", "jessica", "jessica chastain")]
    [InlineData("bryce dallas howard", "Brave", "bryce dallas howard", "bryce dallas howard")]
    [InlineData(" cats = tabby cat ", "Brave", "cats", "tabby cat")]
    [InlineData("q=a=b", "Brave", "q", "a=b")]
    [InlineData("cats=@lists/cats.txt", "Urls", "cats", "lists/cats.txt")]
    public void Parse_WithValidForms_SplitsFolderAndQuery(string text, string provider, string name, string query)
    {
        Assert.Equal(new ClassSpec(name, query), ClassSpec.Parse(text, Enum.Parse<GatherProvider>(provider)));
    }

    [Theory]
    [InlineData("../up=cats", "Brave", "cannot be a folder name")]
    [InlineData("a/b=cats", "Brave", "cannot be a folder name")]
    [InlineData(".hidden", "Brave", "cannot be a folder name")]
    [InlineData("=cats", "Brave", "has no name")]
    [InlineData("cats", "Urls", "--class cats=@cats.txt")]
    [InlineData("cats=cats.txt", "Urls", "--class cats=@cats.txt")]
    [InlineData("cats=@cats.txt", "Bing", "--provider urls")]
    public void Parse_WithBadForms_ThrowsActionableFormatException(string text, string provider, string expected)
    {
        var error = Assert.Throws<FormatException>(() => ClassSpec.Parse(text, Enum.Parse<GatherProvider>(provider)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
