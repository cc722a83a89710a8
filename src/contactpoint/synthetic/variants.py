"""Nicknames and spelling variants people really use for a given name, in both directions."""

from __future__ import annotations

# formal name: the short forms and spellings a source system may hold instead.
_VARIANTS = """
William: Will Bill Billy Liam Willie
Catherine: Kate Katie Cathy Kathryn Katherine
Katherine: Kate Katie Kathy Catherine
John: Jon Johnny Jack
Jonathan: Jon Jonny Nathan
Elizabeth: Liz Lizzie Beth Eliza Libby Betty
Thomas: Tom Tommy
James: Jim Jimmy Jamie Jim
Alexander: Alex Xander Sandy Alec
Alexandra: Alex Lexi Sasha
Samuel: Sam Sammy
Joshua: Josh
Daniel: Dan Danny
Matthew: Matt Matty
Christopher: Chris Kit
Jessica: Jess Jessie
Rebecca: Becky Becca
Charlotte: Lottie Charlie Lotte
Olivia: Liv Livvy Livia
Isabella: Bella Izzy Isabel
Isabelle: Izzy Isobel Isabel Bella
Isobel: Isabelle Izzy
Sophie: Sophia Soph
Sophia: Sophie Sofia
Muhammad: Mohammed Mohammad Mohamed
Mohammed: Muhammad Mohammad Mohamed
Mohammad: Muhammad Mohammed
Abigail: Abbie Abby Abi
Amelia: Millie Amy Mia
Benjamin: Ben Benji Benny
Edward: Ed Eddie Ted Teddy
Frederick: Freddie Fred Freddy
Harrison: Harry
Henry: Harry Hal
Theodore: Theo Teddy
Zachary: Zac Zack Zach
Nathaniel: Nathan Nate
Robert: Rob Bob Bobby Robbie
Michael: Mike Mikey Micky
Joseph: Joe Joey
Nicholas: Nick Nicky
Anthony: Tony Ant
Charles: Charlie Chas
Albert: Albie Bert
Alfred: Alfie Alf
Archibald: Archie
Stanley: Stan
Reginald: Reggie
Ronald: Ronnie
Louis: Louie Lewis
Lewis: Louis
Oliver: Ollie Olly
Finley: Finn Finlay
Sebastian: Seb Sebby
Tobias: Toby
Elliot: Elliott Eliot
Eleanor: Ellie Nell Elle
Ellie: Ella Elle
Margaret: Maggie Peggy Daisy
Florence: Flo Florrie
Matilda: Tilly Tilda
Harriet: Hattie Harriett
Gabriella: Gabby Ella
Georgia: Georgie
Georgina: Georgie Gina
Amber: Amba
Evie: Eve Eva
Lily: Lilly Lillie
Lilly: Lily
Layla: Leila Laila
Leila: Layla
Zoe: Zoey Zoë
Aimee: Amy Amie
Lacey: Lacie
Darcie: Darcey Darcy
Caitlin: Kaitlyn Katelyn
Megan: Meg
Hannah: Hanna
Imogen: Immy
Victoria: Vicky Tori
Elijah: Eli
Ezekiel: Zeke
Jacob: Jake Jakey
Kacper: Casper
Jakub: Jacob Kuba
"""


def _parse(block: str) -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    for line in block.strip().splitlines():
        formal, _, others = line.partition(":")
        table[formal] = tuple(dict.fromkeys(others.split()))
    return table


VARIANTS: dict[str, tuple[str, ...]] = _parse(_VARIANTS)


def _both_ways(table: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    both: dict[str, list[str]] = {}
    for formal, shorts in table.items():
        both.setdefault(formal, []).extend(shorts)
        for short in shorts:
            both.setdefault(short, []).append(formal)
    return {name: tuple(dict.fromkeys(others)) for name, others in both.items()}


_BOTH_WAYS = _both_ways(VARIANTS)


def variants_of(name: str) -> tuple[str, ...]:
    """Other forms of `name` a record might hold: its nicknames, or the names it shortens."""
    return _BOTH_WAYS.get(name, ())
