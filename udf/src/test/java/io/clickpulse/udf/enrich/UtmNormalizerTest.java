package io.clickpulse.udf.enrich;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.udf.enrich.UtmTaxonomy.Vocabulary;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class UtmNormalizerTest {
  private static final UtmTaxonomy BUNDLED = UtmTaxonomy.bundled();
  private final UtmNormalizer normalizer = new UtmNormalizer(BUNDLED);

  @TempDir Path tmp;

  private NormalizedUtm source(String raw) {
    return normalizer.normalize(raw, null, null, null, null, null);
  }

  private NormalizedUtm medium(String raw) {
    return normalizer.normalize(null, raw, null, null, null, null);
  }

  private NormalizedUtm channel(String raw) {
    return normalizer.normalize(null, null, null, null, null, raw);
  }

  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      ignoreLeadingAndTrailingWhitespace = false,
      textBlock =
          """
          yt|youtube
          YouTube|youtube
          YOUTUBE|youtube
          youtube.com|youtube
          'www.YouTube.com '|youtube
          You%20Tube|youtube
          you+tube|youtube
          You Tube|youtube
          '  you   tube  '|youtube
          youtu.be|youtube
          You%2520Tube|youtube
          %2559%2554|youtube
          you\u00a0tube|youtube
          '\u2003You\u202fTube\u3000'|youtube
          You+Tube%20|youtube
          Face_Book|facebook
          FB|facebook
          fb|facebook
          facebook.com|facebook
          WWW.FACEBOOK.COM|facebook
          m.facebook.com|facebook
          l.facebook.com|facebook
          Meta|facebook
          t.co|twitter
          X|twitter
          X.com|twitter
          twitter.com|twitter
          LinkedIn|linkedin
          Linked-In|linkedin
          lnkd.in|linkedin
          IG|instagram
          l.instagram.com|instagram
          google|google
          G|google
          Google%2BAds|google
          google+ads|google
          AdWords|google
          bing.com|bing
          Microsoft%20Ads|bing
          tiktok.com|tiktok
          wa.me|whatsapp
          t.me|telegram
          Weekly%20Newsletter|newsletter
          QR-Code|qr
          qr_code|qr
          Flyer|qr
          TXT|sms
          """)
  void knownSourcesMapToTheirCanonicalValue(String raw, String expected) {
    NormalizedUtm n = source(raw);
    assertEquals(expected, n.source());
    assertEquals(List.of(), n.unknownFields(), "a known source is not flagged");
    assertEquals(expected, normalizer.normalize(Vocabulary.SOURCES, raw));
    assertEquals(Optional.of(expected), BUNDLED.canonical(Vocabulary.SOURCES, raw));
  }

  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      ignoreLeadingAndTrailingWhitespace = false,
      textBlock =
          """
          E-Mail|email
          email|email
          'Email '|email
          MAIL|email
          newsletter|email
          Paid Search|cpc
          paid-search|cpc
          Paid%20Search|cpc
          cpc|cpc
          CPC|cpc
          PPC|cpc
          sem|cpc
          paid_social|paid_social
          Paid Social|paid_social
          Social-Paid|paid_social
          social media|social
          Organic Social|social
          Organic Search|organic
          SEO|organic
          referal|referral
          Affiliates|affiliate
          banner|display
          Print|qr
          Pre-Roll|video
          """)
  void knownMediumsMapToTheirCanonicalValue(String raw, String expected) {
    NormalizedUtm n = medium(raw);
    assertEquals(expected, n.medium());
    assertEquals(List.of(), n.unknownFields());
    assertEquals(expected, normalizer.normalize(Vocabulary.MEDIUMS, raw));
  }

  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          CPC|paid
          Paid Social|paid
          paid search|paid
          Ads|paid
          Display|paid
          none|direct
          Direct|direct
          Other|other
          E-mail|email
          Newsletter|email
          Organic Social|social
          partner|affiliate
          QR-Code|qr
          Print|qr
          text|sms
          """)
  void knownChannelsMapToTheirCanonicalValue(String raw, String expected) {
    NormalizedUtm n = channel(raw);
    assertEquals(expected, n.channel());
    assertEquals(List.of(), n.unknownFields());
    assertEquals(expected, normalizer.normalize(Vocabulary.CHANNELS, raw));
  }

  @Test
  void vocabulariesAreSeparate() {
    // "newsletter" is a source, an alias of the email medium and an alias of the email channel.
    NormalizedUtm n =
        normalizer.normalize("Newsletter", "Newsletter", null, null, null, "Newsletter");
    assertEquals("newsletter", n.source());
    assertEquals("email", n.medium());
    assertEquals("email", n.channel());
    // "cpc" is a medium, and only an alias in channels.
    NormalizedUtm cpc = normalizer.normalize("cpc", "cpc", null, null, null, "cpc");
    assertEquals("cpc", cpc.source());
    assertEquals(List.of("utm_source"), cpc.unknownFields());
    assertEquals("cpc", cpc.medium());
    assertEquals("paid", cpc.channel());
  }

  @ParameterizedTest(name = "[{0}] -> [{1}]")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      ignoreLeadingAndTrailingWhitespace = false,
      textBlock =
          """
          TikTok Ads|tiktok ads
          '  Partner_Blog  '|partner_blog
          Podcast%20Ads|podcast ads
          Podcast%2520Ads|podcast ads
          Spotify|spotify
          you tube channel|you tube channel
          %2559|y
          100%|100%
          50% off|50% off
          caf%C3%A9|café
          You%252520Tube|you%20tube
          c++|c++
          'Mail    Chimp  Weekly'|mail chimp weekly
          """)
  void unknownSourcesAreKeptCleanedAndFlagged(String raw, String expected) {
    NormalizedUtm n = source(raw);
    assertEquals(expected, n.source());
    assertEquals(List.of("utm_source"), n.unknownFields());
    assertEquals(expected, UtmTaxonomy.clean(raw));
    assertEquals(expected, normalizer.normalize(Vocabulary.SOURCES, raw));
    assertEquals(Optional.empty(), BUNDLED.canonical(Vocabulary.SOURCES, raw));
  }

  @Test
  void everyUnknownFieldIsListedInOrder() {
    NormalizedUtm n =
        normalizer.normalize("Mastodon", "Influencer", "launch", null, null, "Podcasts");
    assertEquals("mastodon", n.source());
    assertEquals("influencer", n.medium());
    assertEquals("podcasts", n.channel());
    assertEquals(List.of("utm_source", "utm_medium", "channel"), n.unknownFields());

    NormalizedUtm onlyMedium = normalizer.normalize("yt", "Influencer", null, null, null, "paid");
    assertEquals(List.of("utm_medium"), onlyMedium.unknownFields());
    assertThrows(UnsupportedOperationException.class, () -> n.unknownFields().add("x"));
  }

  @ParameterizedTest(name = "[{0}]")
  @NullSource
  @ValueSource(strings = {"", " ", "   ", "\t", "\n", "%20", "%2520", "\u00a0", "\u2003 \u3000"})
  void blankOrNullBecomesEmptyAndIsNotUnknown(String raw) {
    NormalizedUtm n = normalizer.normalize(raw, raw, raw, raw, raw, raw);
    assertEquals("", n.source());
    assertEquals("", n.medium());
    assertEquals("", n.campaign());
    assertEquals("", n.term());
    assertEquals("", n.content());
    assertEquals("", n.channel());
    assertEquals(List.of(), n.unknownFields());
    assertEquals("", normalizer.normalize(Vocabulary.SOURCES, raw));
  }

  @ParameterizedTest(name = "[{0}] -> [{1}]")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      ignoreLeadingAndTrailingWhitespace = false,
      textBlock =
          """
          '  Spring  SALE%202026 '|spring sale 2026
          Running+Shoes|running+shoes
          c++ course|c++ course
          C%2B%2B%20Course|c++ course
          Running%20Shoes+Sale|running shoes sale
          'Spring\u00a0Sale\u2009 '|spring sale
          Hero%20Banner|hero banner
          BLACK%2520FRIDAY|black friday
          Black_Friday-2026|black_friday-2026
          '%C3%9Cber uns'|über uns
          100%|100%
          """)
  void freeTextFieldsAreCleanedButNeverFlagged(String raw, String expected) {
    NormalizedUtm n = normalizer.normalize(null, null, raw, raw, raw, null);
    assertEquals(expected, n.campaign());
    assertEquals(expected, n.term());
    assertEquals(expected, n.content());
    assertEquals(List.of(), n.unknownFields());
  }

  @Test
  void cleanDecodesAtMostTwice() {
    assertEquals("you tube", UtmTaxonomy.clean("you%20tube"));
    assertEquals("you tube", UtmTaxonomy.clean("you%2520tube"));
    assertEquals("you%20tube", UtmTaxonomy.clean("you%252520tube"));
    // An invalid escape leaves the value as typed (not half-decoded).
    assertEquals("50%+off", UtmTaxonomy.clean("50%+off"));
  }

  @ParameterizedTest(name = "[{0}] -> [{1}]")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      ignoreLeadingAndTrailingWhitespace = false,
      textBlock =
          """
          www.YouTube.com|youtubecom
          You Tube|youtube
          you_tube|youtube
          you-tube|youtube
          you.tube|youtube
          'you _-. tube'|youtube
          you+tube|youtube
          You\u00a0Tube|youtube
          wwwtube|wwwtube
          www.|''
          """)
  void keyIgnoresCaseWwwAndSeparators(String raw, String expected) {
    assertEquals(expected, UtmTaxonomy.key(UtmTaxonomy.clean(raw)));
  }

  @Test
  void bundledTaxonomyVersionIsTheFilesVersion() throws IOException {
    String yaml;
    try (InputStream in = UtmTaxonomy.class.getResourceAsStream("utm-taxonomy.yaml")) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Matcher m = Pattern.compile("(?m)^version:\\s*\"([^\"]+)\"").matcher(yaml);
    assertTrue(m.find(), "the bundled file declares a version");
    assertEquals(m.group(1), BUNDLED.version());
    assertEquals(BUNDLED.version(), source("yt").taxonomyVersion());
    assertEquals(BUNDLED.version(), source(null).taxonomyVersion());
  }

  @Test
  void normalizerSurvivesJavaSerialization() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(normalizer);
    }
    UtmNormalizer copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (UtmNormalizer) in.readObject();
    }
    assertEquals(
        normalizer.normalize("FB", "Paid Social", "X", "Y", "Z", "cpc"),
        copy.normalize("FB", "Paid Social", "X", "Y", "Z", "cpc"));
  }

  // ---------------------------------------------------------------- loading taxonomies

  @Test
  void loadsATaxonomyFile() throws IOException {
    Path file =
        write(
            """
            version: "test-7"
            sources:
              google: [g, gads]
              youtube: [yt]
            mediums:
              cpc: [ppc]
              # The same alias in another vocabulary is not a conflict.
              google: [g]
            channels:
              other: []
            """);

    UtmTaxonomy taxonomy = UtmTaxonomy.load(file);

    assertEquals("test-7", taxonomy.version());
    assertEquals(Optional.of("google"), taxonomy.canonical(Vocabulary.SOURCES, "G"));
    assertEquals(Optional.of("google"), taxonomy.canonical(Vocabulary.MEDIUMS, "g"));
    assertEquals(Optional.of("youtube"), taxonomy.canonical(Vocabulary.SOURCES, "Y_T"));
    assertEquals(Optional.of("other"), taxonomy.canonical(Vocabulary.CHANNELS, "Other"));
    assertEquals(Optional.empty(), taxonomy.canonical(Vocabulary.SOURCES, "facebook"));
    assertEquals(Optional.empty(), taxonomy.canonical(Vocabulary.CHANNELS, "paid"));
    NormalizedUtm n = new UtmNormalizer(taxonomy).normalize("yt", "PPC", null, null, null, null);
    assertEquals("youtube", n.source());
    assertEquals("cpc", n.medium());
    assertEquals("test-7", n.taxonomyVersion());
  }

  /** A single string is one alias; an empty value is no alias. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "sources:\n  google: g\n",
        "sources:\n  google: [g]\n",
        "sources:\n  google:\n    - g\n",
        "sources:\n  google: 'g'\n  bing:\n",
      })
  void aliasesAreAListOrOneString(String sources) throws IOException {
    UtmTaxonomy taxonomy = UtmTaxonomy.load(write("version: \"1\"\n" + sources));
    assertEquals(Optional.of("google"), taxonomy.canonical(Vocabulary.SOURCES, "G"));
    assertEquals(Optional.of("google"), taxonomy.canonical(Vocabulary.SOURCES, "Google"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "google: 7",
        "google: true",
        "google: {g: gg}",
        "google: [g, [gg]]",
        "google: [g, {a: b}]",
        "google: [g, ~]",
      })
  void otherAliasValuesFailNamingTheEntry(String entry) throws IOException {
    Path file = write("version: \"1\"\nsources:\n  " + entry + "\n");

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> UtmTaxonomy.load(file));

    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("'google' in sources"), e.getMessage());
    assertTrue(e.getMessage().contains("list of strings or one string"), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"google: ['-']", "google: ['www.']", "'%20': [x]"})
  void aliasesThatMatchNothingFail(String entry) throws IOException {
    Path file = write("version: \"1\"\nsources:\n  " + entry + "\n");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> UtmTaxonomy.load(file));
    assertTrue(e.getMessage().contains("empty once normalized"), e.getMessage());
  }

  @Test
  void repeatingAnAliasForTheSameValueIsNotAConflict() throws IOException {
    UtmTaxonomy taxonomy =
        UtmTaxonomy.load(
            write(
                """
                version: "1"
                sources:
                  youtube: [yt, YT, you-tube, YouTube]
                """));
    assertEquals(Optional.of("youtube"), taxonomy.canonical(Vocabulary.SOURCES, "yt"));
  }

  @Test
  void conflictingAliasFailsWithAMessageNamingIt() throws IOException {
    Path file =
        write(
            """
            version: "2026.1.0"
            sources:
              google: [g, gads]
              gmail: [gm, g]
            """);

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> UtmTaxonomy.load(file));

    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("'g'"), e.getMessage());
    assertTrue(e.getMessage().contains("sources"), e.getMessage());
    assertTrue(e.getMessage().contains("'google'"), e.getMessage());
    assertTrue(e.getMessage().contains("'gmail'"), e.getMessage());
  }

  @Test
  void aliasesThatOnlyDifferBySeparatorsConflict() throws IOException {
    Path file =
        write(
            """
            version: "2026.1.0"
            mediums:
              paid_social: [paid social]
              social: [Paid-Social]
            """);

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> UtmTaxonomy.load(file));

    assertTrue(e.getMessage().contains("'paidsocial'"), e.getMessage());
    assertTrue(e.getMessage().contains("mediums"), e.getMessage());
    assertTrue(e.getMessage().contains("'paid_social'"), e.getMessage());
    assertTrue(e.getMessage().contains("'social'"), e.getMessage());
  }

  @Test
  void canonicalValueClashingWithAnotherAliasConflicts() throws IOException {
    Path file =
        write(
            """
            version: "1"
            channels:
              paid: [cpc]
              CPC: []
            """);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> UtmTaxonomy.load(file));
    assertTrue(e.getMessage().contains("'cpc'"), e.getMessage());
    assertTrue(e.getMessage().contains("channels"), e.getMessage());
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(
      strings = {
        "sources:\n  google: [g]\n",
        "version:\nsources:\n  google: [g]\n",
        "version: null\n",
        "",
        "# only a comment\n"
      })
  void fileWithoutVersionFails(String yaml) throws IOException {
    Path file = write(yaml);

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> UtmTaxonomy.load(file));

    assertTrue(e.getMessage().contains("version"), e.getMessage());
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
  }

  @Test
  void missingFileFailsNamingIt() {
    Path missing = tmp.resolve("no-such-taxonomy.yaml");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> UtmTaxonomy.load(missing));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
  }

  @Test
  void unparseableYamlFailsNamingTheFile() throws IOException {
    Path file = write("version: \"1\"\nsources: [unclosed\n");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> UtmTaxonomy.load(file));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
  }

  private Path write(String yaml) throws IOException {
    Path file = Files.createTempFile(tmp, "utm-taxonomy", ".yaml");
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    return file;
  }
}
