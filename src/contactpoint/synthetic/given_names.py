"""Given names of children born in England 2007–2024, with rough relative frequencies.

Weights approximate births per year in the ONS baby-name tables, pooled over the period
(so names that rose or fell in that time sit in between). Invented for synthetic data:
relative order and spread matter, exact counts do not.
"""

from __future__ import annotations

_FEMALE = """
Olivia 4600 Amelia 4400 Isla 3300 Ava 3400 Emily 3700 Sophia 1900 Grace 2600 Mia 2700
Poppy 2400 Ella 2500 Lily 3300 Jessica 2600 Sophie 2500 Isabella 2300 Evie 2300 Chloe 2200
Ruby 2300 Isabelle 1200 Freya 2100 Charlotte 2100 Daisy 1600 Phoebe 1500 Millie 1700
Florence 1500 Alice 1500 Evelyn 1300 Willow 1300 Sienna 1300 Ivy 1600 Rosie 1200
Matilda 1200 Elsie 1300 Lucy 1500 Harper 1200 Erin 1200 Scarlett 1300 Holly 1100
Imogen 1100 Layla 1100 Hannah 1200 Eva 1200 Lola 1000 Maya 1000 Megan 1100 Ellie 1500
Katie 900 Amber 900 Lexi 800 Molly 1200 Emma 800 Zara 800 Eliza 800 Bella 800 Aria 1300
Thea 800 Esme 900 Violet 900 Harriet 700 Rose 800 Lilly 800 Maisie 900 Darcie 600
Leah 700 Abigail 800 Summer 800 Anna 700 Niamh 600 Hollie 600 Georgia 800 Jasmine 700
Elizabeth 800 Mollie 600 Lacey 500 Bethany 600 Eleanor 700 Robyn 500 Lydia 600 Madison 700
Caitlin 600 Amy 700 Paige 500 Rebecca 500 Lauren 600 Nancy 500 Ayla 500 Hallie 500
Gracie 800 Orla 500 Edith 500 Mabel 500 Ada 700 Iris 500 Maryam 600 Aisha 500 Fatima 500
Hafsa 300 Zainab 400 Khadija 300 Hawa 200 Amara 300 Nyla 200 Anaya 300 Aleena 200 Inaya 300
Hania 200 Zoe 600 Nevaeh 200 Penelope 400 Clara 300 Heidi 400 Ellie-Mae 200 Lilly-Mae 150
Lily-Rose 200 Eden 300 Beatrice 400 Myla 300 Bonnie 400 Luna 800 Margot 300 Ophelia 200
Arabella 400 Mila 800 Hallie-Mae 100 Naomi 300 Sarah 400 Rachel 200 Victoria 300 Natalie 200
Jade 300 Courtney 200 Chelsea 150 Shannon 200 Kayla 200 Tilly 500 Felicity 300 Sofia 700
Emilia 700 Jessie 200 Frankie 200 Ruby-Mae 100 Alexa 200 Libby 500 Bethan 150 Keira 400
Kelsey 150 Demi 150 Lexie 300 Macie 300 Mya 300 Nina 200 Aoife 150 Ciara 150 Annabelle 400
Ellen 200 Emilie 150 Elena 200 Julia 200 Leila 300 Lola-Rose 100 Martha 500 Mary 200
Nell 100 Octavia 100 Olive 300 Pippa 150 Primrose 100 Skye 300 Tia 200 Una 50 Vanessa 100
Yasmin 200 Zuzanna 100 Zofia 150 Amelie 500 Aurora 500 Hazel 300 Jennifer 100 Nicole 150
Abby 200 Alicia 200 Alisha 100 Beth 150 Brooke 400 Cerys 200 Darcey 200 Elise 200 Faith 200
Gabriella 200 Georgina 150 Hope 300 India 200 Jemima 200 Kara 100 Layla-Rose 100 Maddison 200
Mariam 200 Melissa 150 Rosa 200 Ruth 100 Sara 150 Serena 50 Stella 300 Tamara 50 Tegan 200
Charlie 300 Alexandra 200 Catherine 200 Katherine 150 Kate 100 Kathryn 50 Margaret 50
Abigail-Rose 50 Isobel 400 Lottie 300 Elodie 200 Ezme 50 Darcy 300 Harriett 50 Aimee 300
"""

_MALE = """
Oliver 5200 George 4400 Harry 5000 Jack 4500 Noah 3900 Leo 3200 Arthur 2900 Muhammad 3800
Charlie 4000 Jacob 3600 Thomas 3100 Oscar 3300 William 3200 James 3100 Alfie 3300
Joshua 3000 Henry 2100 Freddie 2500 Theo 2100 Archie 2600 Ethan 2500 Isaac 2000 Lucas 1800
Alexander 1900 Max 1800 Samuel 2000 Logan 1500 Daniel 1700 Finley 1500 Mason 1500 Joseph 1600
Edward 1100 Adam 1200 Benjamin 1300 Dylan 1300 Riley 1400 Harrison 1100 Sebastian 1000
Teddy 1100 Lewis 1000 Matthew 900 Luke 900 Tyler 900 Jayden 700 Jake 800 Elijah 900
Hugo 900 Reggie 800 Albie 900 Louie 800 Ollie 700 Toby 1000 Zachary 700 Jenson 700
Frankie 600 Ryan 700 Callum 600 Bobby 700 Tommy 700 Rory 600 Luca 1000 Jude 700 Ronnie 600
Stanley 800 Hunter 500 Kian 500 Kai 700 Harvey 1000 Jamie 600 Austin 500 Michael 600
Nathan 500 David 500 Ben 400 Connor 500 Owen 500 Cameron 400 Liam 500 Aaron 500 Reuben 600
Elliot 500 Gabriel 600 Caleb 500 Jaxon 500 Rowan 400 Ezra 600 Grayson 300 Jasper 400
Felix 700 Ibrahim 700 Yusuf 700 Ali 500 Omar 600 Hamza 600 Ayaan 500 Zain 400 Ahmed 300
Abdullah 400 Adam-James 50 Mohammed 1800 Mohammad 800 Musa 500 Idris 200 Bilal 300
Hassan 300 Ismail 300 Aryan 300 Arjun 300 Krish 200 Rohan 200 Jay 200 Kacper 200 Jakub 300
Filip 200 Oskar 200 Szymon 100 Mateo 400 Roman 400 Rafael 300 Nico 200 Ellis 500
Mohamed 500 Kayden 300 Brody 300 Carter 300 Cody 300 Corey 200 Declan 200 Dexter 400
Eli 300 Ezekiel 100 Finn 500 Francis 150 Frederick 500 Gethin 50 Harley 500 Jackson 400
Jesse 300 Joel 300 Jonah 300 Jordan 400 Kieran 300 Leon 400 Leonardo 400 Louis 700
Marcus 300 Morgan 300 Nathaniel 300 Otis 300 Patrick 300 Peter 150 Ralph 300 Robert 300
Ronan 200 Ruben 200 Sam 300 Sonny 500 Spencer 200 Tobias 400 Travis 100 Troy 50 Tristan 200
Vincent 100 Xavier 300 Zac 200 Zack 100 Billy 600 Alex 300 Alfred 400 Albert 500 Ashton 200
Bailey 400 Blake 300 Bradley 300 Brandon 200 Christopher 400 Charles 400 Cole 100
Dominic 200 Edison 100 Eddie 300 Elliott 300 Evan 300 Fraser 100 Freddy 200 Jenson-Lee 30
Jon 50 John 400 Jonathan 200 Kyle 300 Lenny 300 Lincoln 200 Lyle 50 Mark 100 Miles 300
Myles 100 Nathan-James 20 Noel 50 Oakley 300 Orson 100 Paul 100 Philip 50 Ricky 50
Sebastian-Lee 20 Simon 50 Stephen 50 Steven 50 Taylor 100 Teddie 100 Tom 200 Will 100
Wilfred 300 Woody 50 Zayn 400 Junior 150 Mikey 30 Danny 100 Tommy-Lee 50 Jimmy 50 Alfie-James 50
"""


def _parse(block: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
    tokens = block.split()
    pairs = dict(zip(tokens[::2], map(int, tokens[1::2]), strict=True))
    return tuple(pairs), tuple(pairs.values())


FEMALE_NAMES, FEMALE_WEIGHTS = _parse(_FEMALE)
MALE_NAMES, MALE_WEIGHTS = _parse(_MALE)
