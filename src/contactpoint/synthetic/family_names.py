"""Family names in England with rough relative frequencies (bearers per 100,000 people).

Approximated from published surname-frequency studies: Smith near the top at about 1.2%,
then a long tail. Invented for synthetic data; relative order and spread matter.
"""

from __future__ import annotations

_FAMILY = """
Smith 1200 Jones 760 Williams 560 Taylor 480 Brown 460 Davies 410 Evans 300 Wilson 300
Thomas 290 Johnson 290 Roberts 280 Robinson 240 Thompson 240 Wright 240 Walker 230 White 220
Edwards 220 Hughes 210 Green 210 Hall 210 Lewis 200 Harris 200 Clarke 190 Patel 200
Jackson 190 Wood 180 Turner 180 Martin 180 Cooper 170 Hill 170 Ward 170 Morris 170 Moore 160
Clark 160 Lee 160 King 160 Baker 150 Harrison 150 Morgan 150 Allen 140 James 140 Scott 140
Phillips 140 Watson 130 Davis 130 Parker 130 Price 130 Bennett 130 Young 130 Griffiths 130
Mitchell 130 Kelly 120 Cook 120 Carter 120 Richardson 120 Bailey 120 Collins 120 Bell 110
Shaw 110 Murphy 110 Miller 110 Cox 110 Richards 110 Khan 140 Marshall 100 Anderson 100
Simpson 100 Ellis 100 Adams 100 Singh 110 Begum 90 Wilkinson 100 Foster 90 Chapman 90
Powell 90 Webb 90 Rogers 90 Gray 90 Mason 90 Ali 100 Hunt 90 Hussain 100 Campbell 80
Matthews 80 Owen 80 Palmer 80 Holmes 80 Mills 80 Barnes 80 Knight 80 Lloyd 80 Butler 80
Russell 80 Barker 80 Fisher 80 Stevens 80 Jenkins 80 Murray 80 Dixon 80 Harvey 80 Graham 70
Pearson 70 Ahmed 90 Fletcher 70 Walsh 70 Kaur 70 Gibson 70 Howard 70 Andrews 70 Stewart 70
Elliott 70 Reynolds 70 Saunders 70 Payne 70 Fox 70 Ford 70 Pearce 70 Day 60 Brooks 60 West 60
Lawrence 60 Cole 60 Atkinson 60 Bradley 60 Spencer 60 Gill 60 Dawson 60 Ball 60 Burton 60
O'Brien 60 Watts 60 Rose 60 Booth 60 Perry 60 Ryan 60 Grant 60 Wells 60 Armstrong 60
Francis 60 Rees 60 Hayes 50 Hart 50 Hudson 50 Newman 50 Barrett 50 Webster 50 Hunter 50
Gregory 50 Carr 50 Lowe 50 Page 50 Marsh 50 Riley 50 Dunn 50 Woods 50 Parsons 50 Berry 50
Stone 50 Reid 50 Holland 50 Hawkins 50 Harding 50 Porter 50 Robertson 50 Newton 50 Oliver 50
Reed 50 Kennedy 50 Williamson 50 Bird 50 Gardner 50 Shah 50 Dean 50 Lane 50 Cooke 50 Bates 50
Henderson 40 Parry 40 Burgess 40 Bishop 40 Walton 40 Burns 40 Nicholson 40 Shepherd 40 Ross 40
Cross 40 Long 40 Freeman 40 Warren 40 Nicholls 40 Hamilton 40 Byrne 40 Sutton 40 McDonald 40
Yates 40 Hodgson 40 Robson 40 Curtis 40 Hopkins 40 O'Connor 40 Harper 40 Coleman 40 Watkins 40
Moss 40 McCarthy 40 Chambers 40 O'Neill 40 Griffin 40 Sharp 40 Hardy 40 Wheeler 40 Potter 40
Osborne 40 Johnston 40 Gordon 40 Doyle 40 Wallace 40 George 40 Jordan 40 Hutchinson 40 Rowe 40
Burke 40 May 40 Pritchard 30 Gilbert 30 Willis 30 Higgins 30 Read 30 Miles 30 Stevenson 30
Stephenson 30 Hammond 30 Arnold 30 Buckley 30 Walters 30 Hewitt 30 Barber 30 Nelson 30
Slater 30 Austin 30 Sullivan 30 Whitehead 30 Mann 30 Frost 30 Lambert 30 Stephens 30 Blake 30
Akhtar 40 Lynch 30 Goodwin 30 Barton 30 Woodward 30 Thomson 30 Cunningham 30 Quinn 30
Barnett 30 Baxter 30 Bibi 40 Clayton 30 Nash 30 Greenwood 30 Jennings 30 Holt 30 Kemp 30
Poole 30 Gallagher 30 Bond 30 Stokes 30 Tucker 30 Davidson 30 Fowler 30 Heath 30 Norman 30
Middleton 30 Lawson 30 Banks 30 French 30 Stanley 30 Jarvis 30 Gibbs 30 Ferguson 30 Hayward 30
Carroll 30 Douglas 30 Dickinson 30 Todd 30 Barlow 30 Peters 30 Lucas 30 Knowles 30 Hartley 30
Miah 40 Simmons 30 Morton 30 Alexander 30 Field 30 Morrison 30 Norris 30 Townsend 30 Preston 30
Hancock 30 Thornton 30 Baldwin 30 Burrows 30 Briggs 30 Storey 20 Pugh 20 Rahman 40 Islam 40
Uddin 40 Mohamed 30 Hassan 30 Mahmood 30 Iqbal 30 Malik 30 Chaudhry 20 Sharma 30 Kumar 30
Mistry 20 Nowak 20 Kowalski 10 Wisniewski 10 Kaminski 10 Lewandowski 10 Okafor 10 Adeyemi 10
Mensah 10 Okonkwo 10 Nguyen 20 Chen 20 Wong 20 Li 20 Zhang 10 Rossi 10 Silva 20 Santos 20
Fernandes 10 Popescu 10 Yilmaz 10 Kaya 10 Ibrahim 20 Abdi 20 Osman 20 Farah 10 Mohammed 30
"""

_tokens = _FAMILY.split()
_pairs = dict(zip(_tokens[::2], map(int, _tokens[1::2]), strict=True))
FAMILY_NAMES: tuple[str, ...] = tuple(_pairs)
FAMILY_WEIGHTS: tuple[int, ...] = tuple(_pairs.values())

# Share of families whose children carry a double-barrelled name of both parents' names.
HYPHENATED_SHARE = 0.03
