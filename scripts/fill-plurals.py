#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The ScaleDeck authors
# SPDX-License-Identifier: Apache-2.0
"""Fills the English plural forms of unfinished entries of a Qt .ts file (see update-plurals.sh)."""
import re
import sys
import xml.etree.ElementTree as ET

# Verbs that follow their noun: singular "waits", plural "wait".
VERBS = {"wait", "stop", "run", "hold", "need"}


def forms(source):
    def one(match):
        word = match.group(1)
        return word + "s" if word.split()[-1].lower() in VERBS else word

    def many(match):
        word = match.group(1)
        return word if word.split()[-1].lower() in VERBS else word + "s"

    pattern = re.compile(r"(\w[\w-]*)\(s\)")
    choice = re.compile(r"\((\w+)\|(\w+)\)")  # "(is|are)": the singular's word, then the plural's
    singular = choice.sub(lambda match: match.group(1), pattern.sub(one, source))
    plural = choice.sub(lambda match: match.group(2), pattern.sub(many, source))
    return singular, plural


def main(path):
    tree = ET.parse(path)
    for message in tree.getroot().iter("message"):
        translation = message.find("translation")
        if translation.get("type") != "unfinished":
            continue
        singular, plural = forms(message.find("source").text)
        for child in list(translation):
            translation.remove(child)
        for text in (singular, plural):
            ET.SubElement(translation, "numerusform").text = text
        del translation.attrib["type"]
    ET.indent(tree, space="    ")
    with open(path, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        out.write(ET.tostring(tree.getroot(), encoding="unicode"))
        out.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
