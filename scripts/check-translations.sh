#!/usr/bin/env bash
# Fails when DingRelay's Chinese is incomplete: runs lupdate over app/ into a copy of
# translations/*.ts (the tree is left alone), then lists every zh_CN message that is missing,
# unfinished or empty, every English plural without its forms, and every translation whose
# %1/%n placeholders or &-shortcut differ from the source.
#   scripts/check-translations.sh
# To fix what it lists: cmake --build build --target update_translations, translate in
# translations/dingrelay_zh_CN.ts (Qt Linguist: linguist translations/dingrelay_zh_CN.ts),
# then run this again. See translations/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=$(qtpaths6 --query QT_HOST_LIBEXECS 2>/dev/null || true)
[ -x "$bin/lupdate" ] || bin=$(qtpaths6 --query QT_HOST_BINS 2>/dev/null || true)
[ -x "$bin/lupdate" ] || bin=/usr/lib/qt6/bin
[ -x "$bin/lupdate" ] || {
    echo "check-translations.sh: lupdate is missing (apt-get install qt6-l10n-tools)" >&2
    exit 2
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp translations/dingrelay_zh_CN.ts translations/dingrelay_en.ts "$tmp/"
# The sources and options of update_translations (translations/CMakeLists.txt), less the
# source locations, which a check does not need.
"$bin/lupdate" -silent -no-obsolete -locations none -source-language en app -ts "$tmp"/*.ts

# perl-base is part of every Debian system; the .ts format is regular enough for regexes.
perl -e '
use strict;
use warnings;
my $problems = 0;
my $messages = 0;
sub decode { my $s = shift // ""; $s =~ s/&lt;/</g; $s =~ s/&gt;/>/g; $s =~ s/&quot;/"/g;
             $s =~ s/&apos;/\x27/g; $s =~ s/&amp;/&/g; return $s }
sub placeholders { my %seen = map { $_ => 1 } ($_[0] =~ /%(\d+|n)/g); join(" ", sort keys %seen) }
# A shortcut is "&" before a letter or digit ("&&" is a literal ampersand).
sub shortcut { my $s = shift; $s =~ s/&&//g; return $s =~ /&\w/ ? 1 : 0 }
for my $file (@ARGV) {
    local $/;
    open(my $fh, "<", $file) or die "$file: $!";
    my $xml = <$fh>;
    my ($lang) = $xml =~ /<TS[^>]*\blanguage="([^"]+)"/;
    $lang //= "?";
    while ($xml =~ m{<context>\s*<name>(.*?)</name>(.*?)</context>}sg) {
        my ($context, $body) = ($1, $2);
        while ($body =~ m{<message([^>]*)>(.*?)</message>}sg) {
            my ($attributes, $message) = ($1, $2);
            my $numerus = $attributes =~ /numerus="yes"/;
            my $source = decode($message =~ m{<source>(.*?)</source>}s ? $1 : "");
            my ($state, $text) = $message =~ m{<translation([^>]*?)(?:/>|>(.*?)</translation>)}s;
            $state //= "";
            next if $state =~ /type="(vanished|obsolete)"/;
            $messages++ if $lang eq "zh_CN";
            my $required = $lang eq "zh_CN" || $numerus;
            my @forms = $numerus ? (($text // "") =~ m{<numerusform>(.*?)</numerusform>}sg)
                                 : ($text // "");
            @forms = map { decode($_) } @forms;
            my $why;
            if ($state =~ /unfinished/ || !@forms || grep { $_ eq "" } @forms) {
                $why = "not translated" if $required;
            } else {
                for my $form (@forms) {
                    if (placeholders($form) ne placeholders($source)) {
                        $why = "placeholders differ: \"$form\"";
                    } elsif (shortcut($source) && !shortcut($form)) {
                        $why = "the &-shortcut is missing: \"$form\"";
                    }
                }
            }
            next unless $why;
            $problems++;
            (my $shown = $source) =~ s/\n/\\n/g;
            print "$lang $context: \"$shown\": $why\n";
        }
    }
}
if ($problems) {
    print "$problems translation problem(s): see translations/README.md\n";
    exit 1;
}
print "translations complete: $messages Chinese messages\n";
' "$tmp/dingrelay_zh_CN.ts" "$tmp/dingrelay_en.ts"
