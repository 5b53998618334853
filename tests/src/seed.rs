//! The seed meeting replayed through a real server: the very commands of
//! `panneau_outputs::sample::seed_meeting`, each sent by the client of the person who
//! made it (the facilitator acting for the one without a device), so that what the
//! server renders can be compared with what the model renders.

use crate::{http, Client, CreatedWorkshop, TestServer};
use panneau_shared::protocol::Credential;
use panneau_shared::{Actor, Command, Phase};

/// The meeting as it stands after the replay (in the results, synthesis written).
pub struct SeedMeeting {
    pub created: CreatedWorkshop,
    pub facilitator: Client,
    pub wall: Client,
    /// By participant id; the proxy has none.
    pub people: Vec<Client>,
}

/// Creates the seed meeting's workshop and plays it up to, not including, the first step
/// that reaches `stop` (`None`: to the end).
pub async fn replay_seed_meeting(server: &TestServer, stop: Option<Phase>) -> SeedMeeting {
    let body = serde_json::to_string(&panneau_outputs::sample::seed_workshop()).unwrap();
    let (status, answer) = http(server.addr, "POST", "/api/workshops", Some(&body))
        .await
        .expect("POST /api/workshops");
    assert_eq!(status, 201, "{answer}");
    let created: CreatedWorkshop = serde_json::from_str(&answer).unwrap();
    let mut facilitator = server.facilitator(&created).await;
    let wall = Client::connect(server.addr, &created.code, Credential::Wall, None)
        .await
        .expect("the wall connects");
    let mut people: Vec<Client> = Vec::new();
    for (actor, command) in panneau_outputs::sample::seed_meeting_steps() {
        if let (Some(stop), Command::SetPhase { phase }) = (stop, &command) {
            if *phase == stop {
                break;
            }
        }
        let answer = match actor {
            Actor::Facilitator => facilitator.command(command.clone()).await,
            Actor::Proxy { id } => facilitator.command_for(id, command.clone()).await,
            Actor::Participant { id } => people[id.0 as usize].command(command.clone()).await,
            Actor::Guest => {
                let Command::Join { name, organisation } = &command else {
                    panic!("a guest only joins");
                };
                let person = server
                    .participant_of(&created.code, name, organisation)
                    .await;
                assert!(
                    matches!(person.me, Actor::Participant { id } if id.0 as usize == people.len()),
                    "{name} gets the next id"
                );
                people.push(person);
                Ok(0)
            }
            Actor::Wall => panic!("the wall sends nothing"),
        };
        if let Err(refusal) = answer {
            panic!("{actor:?} {command:?} refused: {refusal:?}");
        }
    }
    SeedMeeting {
        created,
        facilitator,
        wall,
        people,
    }
}
