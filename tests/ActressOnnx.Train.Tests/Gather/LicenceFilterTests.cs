using ActressOnnx.Train.Gather;

namespace ActressOnnx.Train.Tests.Gather;

public sealed class LicenceFilterTests
{
    [Theory]
    [InlineData("CC BY-SA 4.0", "cc-by-sa")]
    [InlineData("cc-by-sa-3.0-de", "cc-by-sa")]
    [InlineData("CC BY 2.0", "cc-by")]
    [InlineData("cc-by-4.0", "cc-by")]
    [InlineData("CC BY-NC-SA 2.0", "cc-by-nc-sa")]
    [InlineData("CC BY-NC-ND 4.0", "cc-by-nc-nd")]
    [InlineData("CC0", "cc0")]
    [InlineData("cc0-1.0", "cc0")]
    [InlineData("Public domain", "pd")]
    [InlineData("pd", "pd")]
    [InlineData("PD-US", "pd")]
    [InlineData("GFDL", "gfdl")]
    [InlineData("CC BYSA", null)]
    [InlineData("Copyrighted free use", null)]
    [InlineData("", null)]
    public void FamilyOf_NamesTheFamilyWhateverTheVersionOrSpelling(string licence, string? family) =>
        Assert.Equal(family, LicenceFilter.FamilyOf(licence));

    [Fact]
    public void Allows_KeepsListedFamiliesOnly()
    {
        var filter = LicenceFilter.Parse(" CC-BY , cc0,cc-by");

        Assert.Equal(["cc-by", "cc0"], filter.Allowed);
        Assert.True(filter.Allows("CC BY 3.0", out var none));
        Assert.Null(none);
        Assert.False(filter.Allows("CC BY-SA 4.0", out var reason));
        Assert.Equal("licence 'CC BY-SA 4.0' is not one of --licence cc-by,cc0", reason);
        Assert.False(filter.Allows(null, out _));
    }

    [Theory]
    [InlineData("cc-by,free", "--licence: 'free' is not a licence family; use a comma-separated list of cc0, pd, cc-by, cc-by-sa, cc-by-nd, cc-by-nc, cc-by-nc-sa, cc-by-nc-nd, gfdl.")]
    [InlineData(" , ", "--licence needs at least one licence family: cc0, pd, cc-by, cc-by-sa, cc-by-nd, cc-by-nc, cc-by-nc-sa, cc-by-nc-nd, gfdl.")]
    public void Parse_WhenNotAFamily_SaysWhichAreValid(string text, string expected) =>
        Assert.Equal(expected, Assert.Throws<FormatException>(() => LicenceFilter.Parse(text)).Message);
}
