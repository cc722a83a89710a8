"""England's children's-services local authorities: real names and ONS codes (public geography).

Each line: ONS code; name; region; children aged 0–17 in thousands (rounded, approximate,
used only as relative weights); postcode area and districts (plausible, not exhaustive);
towns used in synthetic addresses (default: the authority's name).
The first lines are the demo's neighbouring authorities; `--local-authorities N` takes
the first N.
"""

from __future__ import annotations

LA_LINES = """
E08000005;Rochdale;NW;55;OL;11,12,15,16;Rochdale,Heywood,Middleton,Littleborough
E08000004;Oldham;NW;57;OL;1-4,8,9;Oldham,Chadderton,Royton,Shaw
E08000002;Bury;NW;43;BL;0,8,9;Bury,Ramsbottom,Radcliffe,Prestwich
E08000001;Bolton;NW;67;BL;1-7;Bolton,Farnworth,Horwich
E08000003;Manchester;NW;125;M;8,9,11-14,19,20,22,23,40
E08000006;Salford;NW;58;M;5-7,27,28,30;Salford,Eccles,Swinton
E08000007;Stockport;NW;64;SK;1-8;Stockport,Cheadle,Marple
E08000008;Tameside;NW;50;OL;5-7;Ashton-under-Lyne,Hyde,Stalybridge
E08000009;Trafford;NW;55;M;32,33,41;Sale,Altrincham,Stretford
E08000010;Wigan;NW;67;WN;1-7;Wigan,Leigh,Ince
E08000011;Knowsley;NW;35;L;28,32,34-36;Huyton,Kirkby,Prescot
E08000012;Liverpool;NW;95;L;1-25
E08000013;St. Helens;NW;38;WA;9-11;St Helens,Newton-le-Willows
E08000014;Sefton;NW;54;L;20-23,30,31;Bootle,Southport,Crosby
E08000015;Wirral;NW;68;CH;41-49;Birkenhead,Wallasey,Heswall
E08000016;Barnsley;YH;51;S;70-75;Barnsley,Penistone
E08000017;Doncaster;YH;66;DN;1-12;Doncaster,Thorne,Mexborough
E08000018;Rotherham;YH;57;S;60-66;Rotherham,Maltby,Rawmarsh
E08000019;Sheffield;YH;115;S;1-14
E08000021;Newcastle upon Tyne;NE;60;NE;1-7,13,15;Newcastle upon Tyne
E08000022;North Tyneside;NE;42;NE;25-30;Wallsend,Whitley Bay,North Shields
E08000023;South Tyneside;NE;30;NE;31-36;South Shields,Jarrow,Hebburn
E08000024;Sunderland;NE;55;SR;1-6;Sunderland,Washington,Houghton-le-Spring
E08000025;Birmingham;WM;290;B;1-45
E08000026;Coventry;WM;80;CV;1-6
E08000027;Dudley;WM;68;DY;1-3,5,8,9;Dudley,Stourbridge,Halesowen
E08000028;Sandwell;WM;85;B;66-71;West Bromwich,Smethwick,Oldbury
E08000029;Solihull;WM;48;B;90-94;Solihull,Shirley,Chelmsley Wood
E08000030;Walsall;WM;70;WS;1-5;Walsall,Bloxwich,Willenhall
E08000031;Wolverhampton;WM;65;WV;1-11
E08000032;Bradford;YH;140;BD;1-15;Bradford,Keighley,Shipley
E08000033;Calderdale;YH;45;HX;1-7;Halifax,Brighouse,Todmorden
E08000034;Kirklees;YH;98;HD;1-9;Huddersfield,Dewsbury,Batley
E08000035;Leeds;YH;175;LS;1-29;Leeds,Morley,Pudsey
E08000036;Wakefield;YH;76;WF;1-12;Wakefield,Castleford,Pontefract
E08000037;Gateshead;NE;40;NE;8-11;Gateshead,Whickham,Birtley
E09000001;City of London;L;1;EC;1-4;London
E09000002;Barking and Dagenham;L;68;RM;6,8-10;Dagenham,Barking
E09000003;Barnet;L;95;N;2,3,11,12,20;London
E09000004;Bexley;L;58;DA;5-8,14-16;Bexleyheath,Sidcup,Erith
E09000005;Brent;L;75;NW;2,6,9,10;London,Wembley
E09000006;Bromley;L;72;BR;1-7;Bromley,Orpington,Beckenham
E09000007;Camden;L;45;NW;1,3,5;London
E09000008;Croydon;L;95;CR;0,2,7,8;Croydon,Purley,Thornton Heath
E09000009;Ealing;L;80;W;3,5,7,13;London
E09000010;Enfield;L;85;EN;1-3;Enfield
E09000011;Greenwich;L;68;SE;2,3,7,9,10,18;London
E09000012;Hackney;L;60;E;2,5,8,9;London
E09000013;Hammersmith and Fulham;L;35;W;6,12,14;London
E09000014;Haringey;L;55;N;4,8,10,15,17,22;London
E09000015;Harrow;L;60;HA;1-3,5;Harrow
E09000016;Havering;L;62;RM;1-3,7,11-14;Romford,Hornchurch,Upminster
E09000017;Hillingdon;L;78;UB;3,4,7-10;Uxbridge,Hayes,West Drayton
E09000018;Hounslow;L;68;TW;3-5,7;Hounslow,Feltham,Isleworth
E09000019;Islington;L;40;N;1,5,7,19;London
E09000020;Kensington and Chelsea;L;28;W;8,10,11,14;London
E09000021;Kingston upon Thames;L;40;KT;1-3,6;Kingston upon Thames,Surbiton
E09000022;Lambeth;L;55;SW;2,4,8,9,16;London
E09000023;Lewisham;L;65;SE;4,6,8,12-14,23,26;London
E09000024;Merton;L;48;SW;19,20;London,Mitcham
E09000025;Newham;L;90;E;6,7,12,13,15,16;London
E09000026;Redbridge;L;78;IG;1-8;Ilford,Woodford Green
E09000027;Richmond upon Thames;L;45;TW;1,2,9-12;Richmond,Twickenham,Teddington
E09000028;Southwark;L;60;SE;1,5,15-17,21,22;London
E09000029;Sutton;L;50;SM;1-3,5,6;Sutton,Carshalton,Wallington
E09000030;Tower Hamlets;L;70;E;1,3,14;London
E09000031;Waltham Forest;L;65;E;4,10,11,17;London
E09000032;Wandsworth;L;60;SW;11,12,15,17,18;London
E09000033;Westminster;L;35;W;1,2,9;London
E06000001;Hartlepool;NE;20;TS;24-27
E06000002;Middlesbrough;NE;32;TS;1-8
E06000003;Redcar and Cleveland;NE;28;TS;6,10-14;Redcar,Guisborough,Saltburn-by-the-Sea
E06000004;Stockton-on-Tees;NE;44;TS;15-21;Stockton-on-Tees,Billingham,Thornaby
E06000005;Darlington;NE;22;DL;1-3
E06000006;Halton;NW;27;WA;7,8;Runcorn,Widnes
E06000007;Warrington;NW;45;WA;1-5
E06000008;Blackburn with Darwen;NW;42;BB;1-3;Blackburn,Darwen
E06000009;Blackpool;NW;27;FY;1-4
E06000010;Kingston upon Hull, City of;YH;58;HU;1-9;Hull
E06000011;East Riding of Yorkshire;YH;62;HU;10-17;Beverley,Bridlington,Goole
E06000012;North East Lincolnshire;YH;34;DN;31-37;Grimsby,Cleethorpes
E06000013;North Lincolnshire;YH;35;DN;15-20;Scunthorpe,Brigg
E06000014;York;YH;37;YO;1,10,23,24,26,30-32
E06000015;Derby;EM;62;DE;1,3,21-24
E06000016;Leicester;EM;90;LE;1-5
E06000017;Rutland;EM;8;LE;15;Oakham,Uppingham
E06000018;Nottingham;EM;70;NG;1-11
E06000019;Herefordshire, County of;WM;34;HR;1-9;Hereford,Leominster,Ross-on-Wye
E06000020;Telford and Wrekin;WM;42;TF;1-7;Telford,Newport
E06000021;Stoke-on-Trent;WM;58;ST;1-6
E06000022;Bath and North East Somerset;SW;36;BA;1-3;Bath,Keynsham
E06000023;Bristol, City of;SW;100;BS;1-16;Bristol
E06000024;North Somerset;SW;43;BS;20-24;Weston-super-Mare,Clevedon,Portishead
E06000025;South Gloucestershire;SW;62;BS;30-37;Yate,Thornbury,Filton
E06000026;Plymouth;SW;53;PL;1-9
E06000027;Torbay;SW;24;TQ;1-5;Torquay,Paignton,Brixham
E06000030;Swindon;SW;53;SN;1-6
E06000031;Peterborough;EE;50;PE;1-7
E06000032;Luton;EE;60;LU;1-4
E06000033;Southend-on-Sea;EE;40;SS;0-3,9
E06000034;Thurrock;EE;45;RM;15-20;Grays,Tilbury,Stanford-le-Hope
E06000035;Medway;SE;68;ME;1-8;Chatham,Gillingham,Rochester
E06000036;Bracknell Forest;SE;28;RG;12,40,42;Bracknell,Crowthorne
E06000037;West Berkshire;SE;35;RG;14,17-20;Newbury,Thatcham,Hungerford
E06000038;Reading;SE;38;RG;1,2,4,30
E06000039;Slough;SE;42;SL;1-3
E06000040;Windsor and Maidenhead;SE;35;SL;4,6;Windsor,Maidenhead
E06000041;Wokingham;SE;42;RG;5,6,10,41;Wokingham,Woodley
E06000042;Milton Keynes;SE;70;MK;1-19
E06000043;Brighton and Hove;SE;50;BN;1-3,41;Brighton,Hove
E06000044;Portsmouth;SE;45;PO;1-6
E06000045;Southampton;SE;53;SO;14-19
E06000046;Isle of Wight;SE;24;PO;30-41;Newport,Ryde,Cowes
E06000047;County Durham;NE;100;DH;1-9;Durham,Chester-le-Street,Consett
E06000049;Cheshire East;NW;80;CW;1-12;Crewe,Macclesfield,Congleton
E06000050;Cheshire West and Chester;NW;68;CH;1-4,64-66;Chester,Ellesmere Port,Northwich
E06000051;Shropshire;WM;62;SY;1-15;Shrewsbury,Oswestry,Ludlow
E06000052;Cornwall;SW;100;TR;1-20;Truro,Falmouth,Penzance
E06000053;Isles of Scilly;SW;0.4;TR;21-25;St Mary's
E06000054;Wiltshire;SW;108;SN;8-16;Salisbury,Chippenham,Trowbridge
E06000055;Bedford;EE;44;MK;40-45;Bedford,Kempston
E06000056;Central Bedfordshire;EE;66;LU;5-7;Dunstable,Leighton Buzzard,Biggleswade
E06000057;Northumberland;NE;57;NE;61-71;Morpeth,Hexham,Blyth
E06000058;Bournemouth, Christchurch and Poole;SW;76;BH;1-23;Bournemouth,Poole,Christchurch
E06000059;Dorset;SW;65;DT;1-11;Dorchester,Weymouth,Bridport
E06000060;Buckinghamshire;SE;125;HP;5-27;Aylesbury,High Wycombe,Amersham
E06000061;North Northamptonshire;EM;76;NN;8-18;Kettering,Corby,Wellingborough
E06000062;West Northamptonshire;EM;92;NN;1-7;Northampton,Daventry,Towcester
E06000063;Cumberland;NW;55;CA;1-28;Carlisle,Workington,Whitehaven
E06000064;Westmorland and Furness;NW;43;LA;8-23;Kendal,Barrow-in-Furness,Penrith
E06000065;North Yorkshire;YH;115;HG;1-5;Harrogate,Scarborough,Northallerton
E06000066;Somerset;SW;108;TA;1-24;Taunton,Yeovil,Bridgwater
E10000003;Cambridgeshire;EE;145;CB;1-25;Cambridge,Ely,Huntingdon,Wisbech
E10000007;Derbyshire;EM;155;DE;4-7,11-13,45,55,56,65,72-75;Chesterfield,Matlock,Ilkeston,Buxton
E10000008;Devon;SW;150;EX;1-39;Exeter,Barnstaple,Exmouth,Tiverton
E10000011;East Sussex;SE;107;BN;20-27;Eastbourne,Hastings,Lewes,Seaford
E10000012;Essex;EE;315;CM;0-24;Chelmsford,Colchester,Basildon,Harlow
E10000013;Gloucestershire;SW;128;GL;1-20;Gloucester,Cheltenham,Stroud,Tewkesbury
E10000014;Hampshire;SE;280;SO;20-24,30-32,40-45,50-53;Winchester,Basingstoke,Eastleigh,Andover
E10000015;Hertfordshire;EE;265;AL;1-10;St Albans,Watford,Stevenage,Hemel Hempstead
E10000016;Kent;SE;345;CT;1-21;Canterbury,Maidstone,Ashford,Margate
E10000017;Lancashire;NW;260;PR;1-9;Preston,Lancaster,Burnley,Chorley
E10000018;Leicestershire;EM;145;LE;7-19;Loughborough,Hinckley,Coalville,Melton Mowbray
E10000019;Lincolnshire;EM;140;LN;1-13;Lincoln,Boston,Grantham,Skegness
E10000020;Norfolk;EE;175;NR;1-35;Norwich,King's Lynn,Great Yarmouth,Thetford
E10000024;Nottinghamshire;EM;170;NG;12-25;Mansfield,Newark,Worksop,Retford
E10000025;Oxfordshire;SE;148;OX;1-18,20,25-29,33,39,44,49;Oxford,Banbury,Bicester,Abingdon
E10000028;Staffordshire;WM;175;ST;7-21;Stafford,Cannock,Tamworth,Burton upon Trent
E10000029;Suffolk;EE;150;IP;1-33;Ipswich,Bury St Edmunds,Lowestoft,Felixstowe
E10000030;Surrey;SE;265;GU;1-27;Guildford,Woking,Epsom,Camberley
E10000031;Warwickshire;WM;122;CV;7-37;Warwick,Nuneaton,Rugby,Stratford-upon-Avon
E10000032;West Sussex;SE;180;RH;10-20;Crawley,Horsham,Chichester,Worthing
E10000034;Worcestershire;WM;122;WR;1-15;Worcester,Redditch,Kidderminster,Malvern
"""

REGIONS = {
    "NE": "North East",
    "NW": "North West",
    "YH": "Yorkshire and The Humber",
    "EM": "East Midlands",
    "WM": "West Midlands",
    "EE": "East of England",
    "L": "London",
    "SE": "South East",
    "SW": "South West",
}
