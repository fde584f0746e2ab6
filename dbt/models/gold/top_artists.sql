-- The most streamed artists: plays counts streams (play + skip), as in top_tracks. Ties
-- share a rank (rank(), so the next rank skips), which can put more than
-- var('top_artists_limit') rows here. Streams without an artist_id are not ranked.

with

fct_plays as (
    select * from {{ ref('fct_plays') }}
),

dim_artists as (
    select * from {{ ref('dim_artists') }}
),

artist_streams as (
    select
        artist_id,
        count(*) as plays,
        count(distinct user_id) as unique_listeners,
        count(distinct track_id) as unique_tracks
    from fct_plays
    where artist_id is not null
    group by artist_id
),

ranked_artists as (
    select
        artist_id,
        plays,
        unique_listeners,
        unique_tracks,
        rank() over (order by plays desc, unique_listeners desc) as artist_rank
    from artist_streams
),

final as (
    select
        ranked_artists.artist_id,
        dim_artists.artist_name,
        ranked_artists.plays,
        ranked_artists.unique_listeners,
        ranked_artists.unique_tracks,
        ranked_artists.artist_rank
    from ranked_artists
    inner join dim_artists
        on ranked_artists.artist_id = dim_artists.artist_id
    where ranked_artists.artist_rank <= {{ var('top_artists_limit') }}
)

select * from final
