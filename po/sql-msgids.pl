#!/usr/bin/perl
# The msgids of the SQL parts, as a .pot on stdout: the literal of every
# kpi.translate('...') call (one line each; comment lines are skipped),
# with file:line references.  xgettext does not read SQL; make update-po
# merges this with what it extracts from the C sources.
use strict;
use warnings;

my (%refs, @order);
for my $file (@ARGV) {
	open(my $fh, '<:raw', $file) or die "$file: $!\n";
	while (my $line = <$fh>) {
		next if $line =~ /^\s*--/;
		while ($line =~ /kpi\.translate\(\s*'((?:[^']|'')*)'\s*\)/g) {
			(my $msgid = $1) =~ s/''/'/g;
			push @order, $msgid unless $refs{$msgid};
			push @{ $refs{$msgid} }, "$file:$.";
		}
	}
	close $fh;
}

print <<'HEAD';
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"

HEAD
for my $msgid (@order) {
	(my $q = $msgid) =~ s/(["\\])/\\$1/g;
	print "#: @{ $refs{$msgid} }\n";
	print "#, c-format\n" if $msgid =~ /%/;
	print "msgid \"$q\"\nmsgstr \"\"\n\n";
}
