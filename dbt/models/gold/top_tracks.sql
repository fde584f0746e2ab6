-- The most streamed tracks: plays counts streams (play + skip). Ties share a rank
-- (rank(), so the next rank skips), which can put more than var('top_tracks_limit') rows here.

with

fct_plays as (
    select * from {{ ref('fct_plays') }}
),

dim_tracks as (
    select * from {{ ref('dim_tracks') }}
),

track_streams as (
    select
        track_id,
        count(*) as plays,
        count(distinct user_id) as unique_listeners
    from fct_plays
    group by track_id
),

ranked_tracks as (
    select
        track_id,
        plays,
        unique_listeners,
        rank() over (order by plays desc, unique_listeners desc) as track_rank
    from track_streams
),

final as (
    select
        ranked_tracks.track_id,
        dim_tracks.track_name,
        dim_tracks.artist_name,
        ranked_tracks.plays,
        ranked_tracks.unique_listeners,
        ranked_tracks.track_rank
    from ranked_tracks
    inner join dim_tracks
        on ranked_tracks.track_id = dim_tracks.track_id
    where ranked_tracks.track_rank <= {{ var('top_tracks_limit') }}
)

select * from final
