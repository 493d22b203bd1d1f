#!/usr/bin/perl
# An update script (kpi--A--B.sql) from its source, sql/upgrade/A--B.sql:
# the source as it is, but each line
#     --#include function kpi.name     every CREATE FUNCTION kpi.name(...)
#     --#include aggregate kpi.name    likewise CREATE AGGREGATE
#     --#include view kpi.name         CREATE VIEW kpi.name (and kpi_report.)
#     --#include part 95_function_privileges.sql    the whole part
# is replaced by that object's statements as the install parts in sql/kpi/
# define them now, with its COMMENT ON statements; CREATE becomes CREATE OR
# REPLACE, so an update restates what changed without a hand-made copy.
# The parts stay the one source of every object; test/upgrade.sh proves
# that an updated database equals a fresh install of the parts.
#
#   perl sql/upgrade/expand.pl sql/upgrade/1.0.0--1.1.0.sql sql/kpi/*.sql > sql/kpi--1.0.0--1.1.0.sql
use strict;
use warnings;

my ($source, @parts) = @ARGV;
die "usage: expand.pl SOURCE PART...\n" unless defined $source && @parts;

# Split a part into statements: each ends with a ';' that closes a line
# outside quotes, dollar quotes and comments.  Comment lines just before a
# statement belong to it.
sub statements {
	my ($text) = @_;
	my (@out, $cur, $dollar, $quote);
	$cur = '';
	for my $line (split /(?<=\n)/, $text) {
		$cur .= $line;
		my $rest = $line;
		while (length $rest) {
			if (defined $dollar) {
				if ($rest =~ s/^.*?\Q$dollar\E//s) { undef $dollar; } else { $rest = ''; }
			} elsif ($quote) {
				if ($rest =~ s/^(?:[^']|'')*'//s) { $quote = 0; } else { $rest = ''; }
			} elsif ($rest =~ s/^--[^\n]*//) {
			} elsif ($rest =~ s/^(\$[A-Za-z_]*\$)//) {
				$dollar = $1;
			} elsif ($rest =~ s/^'//) {
				$quote = 1;
			} elsif ($rest =~ s/^;[ \t]*(\n|$)//) {
				push @out, $cur;
				$cur = '';
				$rest = '';
			} else {
				$rest =~ s/^[^\$'\-;]+|^[\$\-;]//s;
			}
		}
	}
	return @out;
}

my %part_text;
my @stmts;
for my $part (@parts) {
	open(my $fh, '<:raw', $part) or die "$part: $!\n";
	local $/;
	my $text = <$fh>;
	close $fh;
	(my $base = $part) =~ s{.*/}{};
	# the guard against running a script outside CREATE EXTENSION
	$text =~ s/^\\echo[^\n]*\n//m;
	$part_text{$base} = $text;
	push @stmts, statements($text);
}

# the body of a statement without its leading comment lines
sub body {
	my ($s) = @_;
	$s =~ s/\A(?:[ \t]*(?:--[^\n]*)?\n)*//;
	return $s;
}

sub object_statements {
	my ($kind, $name) = @_;
	my $re = qr/\Q$name\E(?=[\s(])/;
	# a column's comment names the column after the relation: kpi.v."col"
	my $column_re = qr/\Q$name\E\.(?:"[^"]*"|\w+)\s/;
	my $kind_re = uc $kind;
	my @found;
	for my $s (@stmts) {
		my $b = body($s);
		if ($b =~ /\ACREATE\s+(?:OR\s+REPLACE\s+)?$kind_re\s+$re/) {
			(my $r = $s) =~ s/\bCREATE\s+(?:OR\s+REPLACE\s+)?$kind_re\b/CREATE OR REPLACE $kind_re/;
			push @found, $r;
		} elsif ($b =~ /\ACOMMENT\s+ON\s+(?:$kind_re|COLUMN)\s+$re/
				 || ($kind eq 'view' && $b =~ /\ACOMMENT\s+ON\s+COLUMN\s+$column_re/)) {
			push @found, $s;
		}
	}
	die "expand.pl: no $kind $name in the parts\n" unless grep { body($_) =~ /\ACREATE/ } @found;
	return @found;
}

open(my $in, '<:raw', $source) or die "$source: $!\n";
while (my $line = <$in>) {
	if ($line =~ /^--#include\s+(function|aggregate|view)\s+(\S+)\s*$/) {
		print "-- $1 $2, as in sql/kpi/\n", object_statements($1, $2), "\n";
	} elsif ($line =~ /^--#include\s+part\s+(\S+)\s*$/) {
		die "expand.pl: no part $1\n" unless exists $part_text{$1};
		print "-- part $1, as in sql/kpi/\n", $part_text{$1}, "\n";
	} elsif ($line =~ /^--#include/) {
		die "expand.pl: cannot include: $line";
	} else {
		print $line;
	}
}
close $in;
