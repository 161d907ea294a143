#!/usr/bin/env python3
"""A synthetic Stack Exchange data dump, for the import benchmark.

    python3 bench/se_dump.py /var/tmp/se            # 120,000 questions: 377 MB
    python3 bench/se_dump.py /var/tmp/se --questions 1000

Writes DIR/Posts.xml: each question with two answers (the first accepted),
700 to 900 bytes of HTML a post (paragraphs, now and then a code block),
three tags from forty, owners from 5,000 users and no Users.xml (as many
published dumps). The same arguments give the same bytes. Then:

    townhall init SITE
    /usr/bin/time -v townhall import stackexchange DIR --source-url https://x.example --root SITE
    /usr/bin/time -v townhall check --root SITE
"""
import argparse
import html
import random
from pathlib import Path

WORDS = ("the a to of and in is it you that for on with as are this be at or have "
         "from by can not but if your an they we more use how when which what").split()
TOPICS = ("cook bake oven flour sugar salt pan heat boil steam knife dough yeast butter egg "
          "milk rice bread sauce grill roast fry soup stock spice garlic onion pepper tomato "
          "cheese cream water oil vinegar lemon wine beer meat fish chicken beef pork bean pasta "
          "noodle sear simmer whisk knead").split()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dir", type=Path)
    parser.add_argument("--questions", type=int, default=120_000)
    args = parser.parse_args()
    rng = random.Random(7)
    vocab = WORDS * 3 + TOPICS

    def sentence(n):
        return " ".join(rng.choice(vocab) for _ in range(n)).capitalize() + "."

    def body():
        parts, size = [], 0
        while size < 700:
            part = "<p>" + html.escape(sentence(rng.randint(12, 30))) + "</p>"
            if rng.random() < 0.2:
                part += "<pre><code>" + html.escape(sentence(8)) + "</code></pre>"
            parts.append(part)
            size += len(part)
        return "".join(parts)

    args.dir.mkdir(parents=True, exist_ok=True)
    with open(args.dir / "Posts.xml", "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="utf-8"?>\n<posts>\n')
        post = 1
        for _ in range(args.questions):
            question, answers = post, (post + 1, post + 2)
            post += 3
            date = f"20{rng.randint(12, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T10:00:00.000"
            tags = "".join(f"<{t}>" for t in rng.sample(TOPICS[:40], 3))
            title = sentence(rng.randint(5, 10))[:-1] + "?"
            out.write(
                f'  <row Id="{question}" PostTypeId="1" AcceptedAnswerId="{answers[0]}" '
                f'CreationDate="{date}" Score="{rng.randint(0, 50)}" ViewCount="{rng.randint(10, 9000)}" '
                f'Body="{html.escape(body())}" OwnerUserId="{rng.randint(1, 5000)}" '
                f'Title="{html.escape(title)}" Tags="{html.escape(tags)}" AnswerCount="2" />\n')
            for answer in answers:
                out.write(
                    f'  <row Id="{answer}" PostTypeId="2" ParentId="{question}" CreationDate="{date}" '
                    f'Score="{rng.randint(0, 30)}" Body="{html.escape(body())}" '
                    f'OwnerUserId="{rng.randint(1, 5000)}" />\n')
        out.write("</posts>\n")


if __name__ == "__main__":
    main()
