// The catalog of the demo shop (prices in cents). Images are simple SVGs drawn for the demo.
export const PRODUCTS = [
  {"id": "ridgeline-rain-jacket", "name": "Ridgeline Rain Jacket", "category": "jackets", "price": 12900, "image": "img/ridgeline-rain-jacket.svg", "description": "Three-layer waterproof shell with taped seams, pit zips and a helmet-compatible hood. Packs into its own chest pocket."},
  {"id": "summit-down-parka", "name": "Summit Down Parka", "category": "jackets", "price": 24900, "image": "img/summit-down-parka.svg", "description": "800-fill responsibly sourced down, a water-resistant face fabric and a two-way zip for cold belays and frosty commutes."},
  {"id": "trailhead-fleece", "name": "Trailhead Fleece", "category": "jackets", "price": 7900, "image": "img/trailhead-fleece.svg", "description": "Grid fleece that breathes on the climb and stays warm at the top. Recycled polyester, thumb loops, zip hand pockets."},
  {"id": "alder-softshell", "name": "Alder Softshell", "category": "jackets", "price": 11500, "image": "img/alder-softshell.svg", "description": "Stretch-woven softshell that sheds wind and light rain. Articulated sleeves and a low-profile hood for scrambling."},
  {"id": "cascade-daypack", "name": "Cascade 30L Daypack", "category": "packs", "price": 8900, "image": "img/cascade-daypack.svg", "description": "A ventilated back panel, hip-belt pockets and a rain cover tucked into the base. Fits a hydration reservoir."},
  {"id": "traverse-backpack", "name": "Traverse 55L Backpack", "category": "packs", "price": 18900, "image": "img/traverse-backpack.svg", "description": "Adjustable torso, a load-lifting frame and a floating lid for multi-day trips. Side access zip to the main bag."},
  {"id": "granite-hiking-boot", "name": "Granite Hiking Boot", "category": "footwear", "price": 15900, "image": "img/granite-hiking-boot.svg", "description": "Waterproof full-grain leather, a grippy Vibram-style outsole and a cushioned midsole for long days on rock."},
  {"id": "riverbed-trail-runner", "name": "Riverbed Trail Runner", "category": "footwear", "price": 11900, "image": "img/riverbed-trail-runner.svg", "description": "Light, quick-draining trail shoe with a rock plate and 5 mm lugs. Made for wet trails and river crossings."},
  {"id": "camp-slide", "name": "Camp Slide", "category": "footwear", "price": 3900, "image": "img/camp-slide.svg", "description": "Soft foam slide for the end of the day. Floats, packs flat and dries in minutes."},
  {"id": "basecamp-tent", "name": "Basecamp 2P Tent", "category": "camp", "price": 29900, "image": "img/basecamp-tent.svg", "description": "Freestanding two-person tent with two doors, two vestibules and a full-coverage fly. 2.1 kg packed."},
  {"id": "ember-camp-stove", "name": "Ember Camp Stove", "category": "camp", "price": 6400, "image": "img/ember-camp-stove.svg", "description": "Compact canister stove with a piezo igniter and a wind-shielded burner. Boils a litre in under four minutes."},
  {"id": "lumen-headlamp", "name": "Lumen Headlamp", "category": "camp", "price": 2900, "image": "img/lumen-headlamp.svg", "description": "350-lumen rechargeable headlamp with a red night mode and a lock so it never turns on in your pack."},
];

export const CATEGORIES = [
  { id: 'jackets', label: 'Jackets' },
  { id: 'packs', label: 'Packs' },
  { id: 'footwear', label: 'Footwear' },
  { id: 'camp', label: 'Camp' },
];

export const findProduct = (id) => PRODUCTS.find((product) => product.id === id);

const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
export const formatPrice = (cents) => money.format(cents / 100);
