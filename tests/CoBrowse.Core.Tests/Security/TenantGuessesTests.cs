using CoBrowse.Core.Security;

namespace CoBrowse.Core.Tests.Security;

public class TenantGuessesTests
{
    private static readonly DateTimeOffset Window = new(2025, 3, 4, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset NextWindow = Window.AddMinutes(10);

    [Fact]
    public void AGuessTakesAPlaceInTheWindowAndTheNextNumber()
    {
        var admitted = TenantGuesses.None.Admit(Window, 100);

        Assert.Equal(new TenantGuesses(Window, 1, 1), admitted);
    }

    [Fact]
    public void AFullWindowAdmitsNoMoreAndChangesNothing()
    {
        var full = new TenantGuesses(Window, 100, 730);

        Assert.Null(full.Admit(Window, 100));
        Assert.Equal(new TenantGuesses(Window, 100, 101), new TenantGuesses(Window, 99, 100).Admit(Window, 100));
    }

    [Fact]
    public void ANewWindowStartsEmptyButTheNumberingGoesOn()
    {
        var full = new TenantGuesses(Window, 100, 730);

        var admitted = full.Admit(NextWindow, 100);

        Assert.Equal(new TenantGuesses(NextWindow, 1, 731), admitted);
    }

    [Fact]
    public void AGuessFromALateClockCountsInTheNewerStoredWindowAndCannotResetIt()
    {
        var current = new TenantGuesses(NextWindow, 100, 730);

        Assert.Null(current.Admit(Window, 100));
        Assert.Equal(new TenantGuesses(NextWindow, 41, 731), (current with { InWindow = 40 }).Admit(Window, 100));
    }

    [Fact]
    public void ARedeemingGuessGivesItsPlaceBackButNotItsNumber()
    {
        var counts = new TenantGuesses(Window, 7, 730);

        Assert.Equal(new TenantGuesses(Window, 6, 730), counts.GiveBack(Window));
    }

    [Fact]
    public void APlaceFromAWindowThatIsOverIsNotGivenBackToTheNextOne()
    {
        var counts = new TenantGuesses(NextWindow, 3, 730);

        Assert.Null(counts.GiveBack(Window));
        Assert.Null(new TenantGuesses(Window, 0, 730).GiveBack(Window));
    }
}
